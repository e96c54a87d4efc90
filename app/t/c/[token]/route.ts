import { NextResponse } from "next/server";
import { clientIp } from "@/app/_server/respond";
import { recordClick } from "@/lib/journeys";
import { LIMITS, take } from "@/lib/security";

/** A tracked link: records "Email Link Clicked" and sends the reader on; only links the email signed. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const url = new URL(req.url);
  const wait = take(LIMITS.tracking, clientIp(req) ?? "unknown");
  if (wait > 0) return new Response(`Too many requests. Retry in ${wait} s.`, { status: 429, headers: { "retry-after": String(wait), "content-type": "text/plain; charset=utf-8" } });
  const target = await recordClick(token, url.searchParams.get("u") ?? "", url.searchParams.get("s") ?? "").catch(() => null);
  if (!target) return new Response("This link is not valid.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return NextResponse.redirect(target, 302);
}
