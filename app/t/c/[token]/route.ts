import { NextResponse } from "next/server";
import { recordClick } from "@/lib/journeys";

/** A tracked link: records "Email Link Clicked" and sends the reader on; only links the email signed. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const url = new URL(req.url);
  const target = await recordClick(token, url.searchParams.get("u") ?? "", url.searchParams.get("s") ?? "").catch(() => null);
  if (!target) return new Response("This link is not valid.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return NextResponse.redirect(target, 302);
}
