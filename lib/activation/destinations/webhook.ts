import { createHmac } from "node:crypto";
import { DestinationError, expectOk, request } from "./http";
import { required, type DestinationContext, type FieldSpec, type Provider, type RecordResult, type SyncRecord } from "./types";

/**
 * Webhook: JSON batches POSTed to a URL. Each request carries
 *   X-Northstar-Timestamp: <unix seconds>
 *   X-Northstar-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the signing secret>
 * A receiver recomputes the HMAC over the raw body, compares in constant time and rejects
 * timestamps older than five minutes. A 2xx accepts the batch; a JSON body
 * `{ "rejected": [{ "id": "<profile id>", "reason": "…" }] }` refuses single records.
 */
export const SIGNATURE_HEADER = "x-northstar-signature";
export const TIMESTAMP_HEADER = "x-northstar-timestamp";

export function signBody(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

const fields: FieldSpec[] = [
  { key: "url", label: "Endpoint URL", type: "url", required: true, placeholder: "https://example.com/hooks/northstar" },
  { key: "signingSecret", label: "Signing secret", secret: true, help: "Used to sign each request (HMAC-SHA256). Leave empty to generate one." },
  { key: "headers", label: "Extra headers", type: "textarea", placeholder: "Authorization: Bearer abc123", help: "One `Name: value` per line." },
  { key: "batchSize", label: "Records per request", type: "number", placeholder: "500" },
];

export function parseHeaders(text: string | undefined): { headers: Record<string, string>; problems: string[] } {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  for (const [i, line] of (text ?? "").split("\n").entries()) {
    if (!line.trim()) continue;
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line.trim());
    if (!m) problems.push(`Extra headers line ${i + 1} should look like "Name: value".`);
    else headers[m[1]!] = m[2]!;
  }
  return { headers, problems };
}

async function post(ctx: DestinationContext, payload: unknown): Promise<ReturnType<typeof request>> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  return request(ctx.config.url!, {
    method: "POST",
    body,
    signal: ctx.signal,
    headers: {
      ...parseHeaders(ctx.config.headers).headers,
      "content-type": "application/json",
      "user-agent": "Northstar-Webhooks/1",
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signBody(ctx.secrets.signingSecret ?? "", timestamp, body),
    },
  });
}

export const webhook: Provider = {
  kind: "webhook",
  label: "Webhook",
  category: "Webhooks",
  description: "POST signed JSON batches of audience changes to any URL.",
  fields,
  defaultPurpose: null,
  maxBatch: 1000,
  requiresAny: [],
  defaultMapping: [
    { from: "traits.email", to: "email" },
    { from: "user_id", to: "userId" },
  ],
  validate(config, secrets) {
    const problems = required(config, secrets, fields);
    if (config.url && !/^https?:\/\/[^\s]+$/.test(config.url)) problems.push("Endpoint URL must start with http:// or https://.");
    if (config.batchSize && !(Number(config.batchSize) >= 1 && Number(config.batchSize) <= 1000)) problems.push("Records per request must be between 1 and 1000.");
    return [...problems, ...parseHeaders(config.headers).problems];
  },
  async test(ctx) {
    const res = expectOk(await post(ctx, { type: "test", destination: ctx.name, sentAt: new Date().toISOString() }), "The endpoint");
    return `The endpoint answered ${res.status}.`;
  },
  async send(ctx, records: SyncRecord[]): Promise<RecordResult[]> {
    const res = await post(ctx, {
      type: "audience.batch",
      sync: ctx.syncId,
      segment: ctx.segment,
      sentAt: new Date().toISOString(),
      records: records.map((r) => ({ op: r.op, id: r.profileId, idempotencyKey: r.key, fields: r.fields })),
    });
    if (res.status < 200 || res.status >= 300) throw new DestinationError(`The endpoint refused the batch (${res.status}): ${res.body.slice(0, 300)}`, res.status, false);
    let rejected = new Map<string, string>();
    try {
      const body = res.json<{ rejected?: { id: string; reason?: string }[] }>();
      rejected = new Map((body.rejected ?? []).map((r) => [String(r.id), r.reason ?? "rejected by the receiver"]));
    } catch {
      // a non-JSON 2xx accepts everything
    }
    return records.map((r) => (rejected.has(r.profileId) ? { profileId: r.profileId, ok: false, reason: rejected.get(r.profileId)! } : { profileId: r.profileId, ok: true }));
  },
  /** Asks the receiver to delete the people for good: `{ type: "privacy.erasure", records: [{ id, fields }] }`, signed like every batch. */
  async erase(ctx, records) {
    const res = await post(ctx, { type: "privacy.erasure", sentAt: new Date().toISOString(), records: records.map((r) => ({ id: r.profileId, idempotencyKey: r.key, fields: r.fields })) });
    const ok = res.status >= 200 && res.status < 300;
    return records.map((r) => (ok ? { profileId: r.profileId, ok: true } : { profileId: r.profileId, ok: false, reason: `The endpoint answered ${res.status}: ${res.body.slice(0, 200)}` }));
  },
};

export const batchSizeOf = (p: Provider, config: Record<string, string>) => Math.min(p.maxBatch, Number(config.batchSize) || p.maxBatch);
