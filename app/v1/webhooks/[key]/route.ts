import { NextResponse } from "next/server";
import { LIMITS, take } from "@/lib/security";
import { receiveWebhook, sourceByWriteKey } from "@/lib/sources";

export const dynamic = "force-dynamic";

const MAX_BYTES = 512 * 1024;

/**
 * A webhook source's URL (`/v1/webhooks/<write key>`): JSON or form posts from another system,
 * signature-checked, mapped to events or traits and ingested. Answers 200 once stored.
 */
export async function POST(req: Request, { params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const wait = take(LIMITS.webhook, key);
  if (wait > 0) return NextResponse.json({ success: false, error: `Too many requests for this webhook: at most ${LIMITS.webhook.perSecond} per second. Retry in ${wait} s.` }, { status: 429, headers: { "retry-after": String(wait) } });
  const source = await sourceByWriteKey(key);
  if (!source || source.disabled || source.kind !== "webhook") return NextResponse.json({ success: false, error: "This webhook URL is not valid or its source was disabled." }, { status: 404 });
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BYTES) return NextResponse.json({ success: false, error: "The payload is over 512 KB." }, { status: 413 });
  const body = await req.text();
  if (Buffer.byteLength(body) > MAX_BYTES) return NextResponse.json({ success: false, error: "The payload is over 512 KB." }, { status: 413 });
  try {
    const r = await receiveWebhook(source, { method: "POST", url: req.url, headers: req.headers, body, contentType: req.headers.get("content-type") });
    return NextResponse.json(r.body, { status: r.status });
  } catch (e) {
    console.error("[webhook]", e);
    return NextResponse.json({ success: false, error: "The payload could not be stored. Retry the request." }, { status: 500 });
  }
}
