import { normalizeEmail, normalizePhoneForMeta, sha256 } from "../normalize";
import { DestinationError, errorMessage, expectOk, request } from "./http";
import { required, type DestinationContext, type FieldSpec, type Provider, type RecordResult, type SyncRecord } from "./types";

/**
 * Meta Custom Audiences (Marketing API): POST /{version}/{audience_id}/users adds and DELETE
 * removes, form-encoded `payload` = {"schema":["EMAIL","PHONE"],"data":[[sha256, sha256], …]} with
 * at most 10,000 rows per request, and `access_token`. Emails trimmed and lower-cased; phones as
 * digits with country code; each value SHA-256 hex. A record with neither is not sendable.
 */
const fields: FieldSpec[] = [
  { key: "audienceId", label: "Custom audience ID", required: true, placeholder: "23851234567890123" },
  { key: "accessToken", label: "Access token", secret: true, required: true, help: "A system user token with ads_management." },
  { key: "apiVersion", label: "Graph API version", placeholder: "v25.0" },
  { key: "countryCode", label: "Default phone country code", placeholder: "1" },
  { key: "baseUrl", label: "API base URL", type: "url", placeholder: "https://graph.facebook.com" },
];

export const SCHEMA = ["EMAIL", "PHONE"] as const;
const base = (ctx: DestinationContext) => `${(ctx.config.baseUrl || "https://graph.facebook.com").replace(/\/$/, "")}/${ctx.config.apiVersion || "v25.0"}`;

export function metaRow(fields: Record<string, unknown>, countryCode?: string): [string, string] | null {
  const email = normalizeEmail(fields.email);
  const phone = normalizePhoneForMeta(fields.phone, countryCode || undefined);
  if (!email && !phone) return null;
  return [email ? sha256(email) : "", phone ? sha256(phone) : ""];
}

async function call(ctx: DestinationContext, method: "POST" | "DELETE", rows: [string, string][]) {
  const form = new URLSearchParams({ payload: JSON.stringify({ schema: SCHEMA, data: rows }), access_token: ctx.secrets.accessToken ?? "" });
  const res = await request(`${base(ctx)}/${encodeURIComponent(ctx.config.audienceId!)}/users`, {
    method,
    body: form.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    signal: ctx.signal,
  });
  if (res.status >= 300) {
    throw new DestinationError(`Meta refused the ${method === "POST" ? "additions" : "removals"} (${res.status}): ${errorMessage(res) ?? res.body.slice(0, 200)}`, res.status, false);
  }
  return res.json<{ num_received?: number; num_invalid_entries?: number; invalid_entry_samples?: Record<string, string> }>();
}

export const meta: Provider = {
  kind: "meta",
  label: "Meta Custom Audiences",
  category: "Advertising",
  description: "Keep a Facebook and Instagram custom audience in step with a segment, with hashed emails and phones.",
  fields,
  defaultPurpose: "advertising",
  maxBatch: 10_000,
  requiresAny: ["email", "phone"],
  defaultMapping: [
    { from: "traits.email", to: "email" },
    { from: "traits.phone", to: "phone" },
  ],
  validate(config, secrets) {
    const problems = required(config, secrets, fields);
    if (config.audienceId && !/^\d+$/.test(config.audienceId)) problems.push("Custom audience ID is a number, as shown in Ads Manager.");
    if (config.apiVersion && !/^v\d+\.\d+$/.test(config.apiVersion)) problems.push("Graph API version looks like v25.0.");
    return problems;
  },
  async test(ctx) {
    const url = `${base(ctx)}/${encodeURIComponent(ctx.config.audienceId!)}?fields=id,name,approximate_count_lower_bound&access_token=${encodeURIComponent(ctx.secrets.accessToken ?? "")}`;
    const body = expectOk(await request(url, { signal: ctx.signal }), "Meta").json<{ id?: string; name?: string }>();
    return `Connected to audience “${body.name ?? body.id}”.`;
  },
  async send(ctx, records: SyncRecord[]): Promise<RecordResult[]> {
    const results: RecordResult[] = [];
    for (const method of ["POST", "DELETE"] as const) {
      const mine = records.filter((r) => (method === "DELETE") === (r.op === "remove"));
      const rows: [string, string][] = [];
      const sent: SyncRecord[] = [];
      for (const r of mine) {
        const row = metaRow(r.fields, ctx.config.countryCode);
        if (row) {
          rows.push(row);
          sent.push(r);
        } else results.push({ profileId: r.profileId, ok: false, reason: "No valid email or phone to match on." });
      }
      if (rows.length === 0) continue;
      await call(ctx, method, rows);
      for (const r of sent) results.push({ profileId: r.profileId, ok: true });
    }
    return results;
  },
};
