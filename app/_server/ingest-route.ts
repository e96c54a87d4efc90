import { NextResponse } from "next/server";
import { busKind } from "@/lib/bus";
import { acceptPayload, endpointOf, writeKeyFrom } from "@/lib/ingest";
import { LIMITS, take } from "@/lib/security";
import { MAX_BATCH_BYTES } from "@/lib/ingest/message";
import { sourceByWriteKey } from "@/lib/sources";

/**
 * The Segment-compatible HTTP API: POST /v1/{track,identify,page,screen,group,alias,batch,import}, and
 * analytics.js's one-letter paths (/v1/t, /v1/p, /v1/i, /v1/g, /v1/a, /v1/s, /v1/b).
 * Answers 200 only once the events are committed: to PostgreSQL, or with BUS=nats to the JetStream
 * events stream (the ingest workers write them to PostgreSQL behind it).
 */
function corsHeaders(origin: string | null): Record<string, string> {
  return origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
}

function reply(status: number, body: Record<string, unknown>, origin: string | null) {
  return NextResponse.json(body, { status, headers: corsHeaders(origin) });
}

export async function ingestPost(req: Request, type: string): Promise<NextResponse> {
  const origin = req.headers.get("origin");
  const endpoint = endpointOf(type);
  if (!endpoint) return reply(404, { success: false, error: `Unknown endpoint /v1/${type}. Use track, identify, page, screen, group, alias or batch.` }, origin);
  // Read at most a little over the batch limit: larger bodies are refused without buffering them.
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BATCH_BYTES * 2) return reply(400, { success: false, error: "The request is over 500 KB; a batch may be at most 500 KB.", field: "(size)" }, origin);
  const text = await req.text();
  const bytes = Buffer.byteLength(text);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    return reply(400, { success: false, error: "The body is not valid JSON.", field: "(body)" }, origin);
  }
  const writeKey = writeKeyFrom(req.headers.get("authorization"), body);
  if (!writeKey) return reply(401, { success: false, error: "Missing write key: send it as the HTTP Basic user name, or as writeKey in the body." }, origin);
  const wait = take(LIMITS.ingest, writeKey);
  if (wait > 0) return NextResponse.json({ success: false, error: `Too many requests for this write key: at most ${LIMITS.ingest.perSecond} per second. Retry in ${wait} s (batch events to send more per request).` }, { status: 429, headers: { ...corsHeaders(origin), "retry-after": String(wait) } });
  const source = await sourceByWriteKey(writeKey);
  if (!source || source.disabled) return reply(401, { success: false, error: "This write key is not valid or its source was disabled." }, origin);
  if (origin && source.allowedOrigins.length > 0 && !source.allowedOrigins.includes(origin) && !source.allowedOrigins.includes("*")) {
    return NextResponse.json({ success: false, error: `Origin ${origin} is not allowed for this source. Add it to the source's allowed origins.` }, { status: 403 });
  }
  try {
    const outcome = await acceptPayload({ workspaceId: source.workspaceId, sourceId: source.id, endpoint, body, bytes, via: busKind() === "nats" ? "stream" : "database" });
    return reply(outcome.status, outcome.body, origin);
  } catch (e) {
    console.error("[ingest]", e);
    // Nothing was acknowledged: the client retries with the same message ids, and dedup keeps them once.
    return reply(500, { success: false, error: "The events could not be stored. Retry the request." }, origin);
  }
}

export function ingestPreflight(req: Request): NextResponse {
  const origin = req.headers.get("origin");
  // Browsers ask before a public page may call an app on a private network (Private Network Access).
  const privateNetwork = req.headers.get("access-control-request-private-network") === "true";
  return new NextResponse(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin ?? "*"),
      ...(privateNetwork ? { "access-control-allow-private-network": "true" } : {}),
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "Content-Type, Authorization, X-Retry-Count",
      "access-control-max-age": "86400",
    },
  });
}
