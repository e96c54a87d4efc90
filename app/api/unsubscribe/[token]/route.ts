import { NextResponse } from "next/server";
import { clientIp } from "@/app/_server/respond";
import { unsubscribe } from "@/lib/journeys";
import { LIMITS, take } from "@/lib/security";

/**
 * One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` here; the
 * unsubscribe page's button posts the same. A GET (a link scanner, a prefetch) changes nothing and
 * shows the page.
 */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wait = take(LIMITS.tracking, clientIp(req) ?? "unknown");
  if (wait > 0) return new Response(`Too many requests. Retry in ${wait} s.`, { status: 429, headers: { "retry-after": String(wait) } });
  const fromPage = (req.headers.get("accept") ?? "").includes("text/html");
  const done = await unsubscribe(token, fromPage ? "link" : "one-click");
  if (fromPage) return NextResponse.redirect(new URL(`/u/${token}${done ? "?done=1" : ""}`, req.url), 303);
  return new Response(done ? "Unsubscribed" : "Unknown link", { status: done ? 200 : 404 });
}

export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return NextResponse.redirect(new URL(`/u/${token}`, req.url), 303);
}
