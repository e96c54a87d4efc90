import { normalizeEmail, subscriberHash } from "../normalize";
import { DestinationError, expectOk, request } from "./http";
import { required, type DestinationContext, type FieldSpec, type Provider, type RecordResult, type SyncRecord } from "./types";

/**
 * Mailchimp Marketing API v3: HTTP Basic auth with any user name and the API key; the data centre
 * is the key's suffix (…-us6 → https://us6.api.mailchimp.com/3.0). Additions and updates go through
 * "batch subscribe" (POST /lists/{list_id}, up to 500 members, update_existing) whose answer lists
 * per-address errors; removals archive the member (DELETE /lists/{list_id}/members/{subscriber_hash},
 * the MD5 of the lower-cased email). Mapped fields other than email become merge fields (FNAME…).
 * Erasure deletes the member for good: POST /lists/{list_id}/members/{subscriber_hash}/actions/delete-permanent.
 */
const fields: FieldSpec[] = [
  { key: "listId", label: "Audience (list) ID", required: true, placeholder: "a1b2c3d4e5" },
  { key: "apiKey", label: "API key", secret: true, required: true, help: "Ends with the data centre, like -us6." },
  { key: "status", label: "Status for new members", type: "select", options: ["subscribed", "pending", "transactional"], placeholder: "subscribed" },
  { key: "baseUrl", label: "API base URL", type: "url", placeholder: "derived from the API key" },
];

export function mailchimpBase(ctx: Pick<DestinationContext, "config" | "secrets">): string {
  if (ctx.config.baseUrl) return ctx.config.baseUrl.replace(/\/$/, "");
  const dc = /-([a-z]+\d+)$/.exec(ctx.secrets.apiKey ?? "")?.[1];
  if (!dc) throw new DestinationError("The API key should end with its data centre, like -us6.", null, false);
  return `https://${dc}.api.mailchimp.com/3.0`;
}

const auth = (ctx: DestinationContext) => ({ authorization: `Basic ${Buffer.from(`northstar:${ctx.secrets.apiKey ?? ""}`).toString("base64")}`, "content-type": "application/json" });

function mergeFields(f: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (k !== "email" && v !== null && v !== undefined) out[k] = typeof v === "object" ? JSON.stringify(v) : v;
  return out;
}

type BatchAnswer = { errors?: { email_address: string; error: string; error_code?: string }[] };

export const mailchimp: Provider = {
  kind: "mailchimp",
  label: "Mailchimp",
  category: "Email",
  description: "Add segment members to a Mailchimp audience with merge fields; archive those who leave.",
  fields,
  defaultPurpose: "marketing_email",
  maxBatch: 500,
  requiresAny: ["email"],
  defaultMapping: [
    { from: "traits.email", to: "email" },
    { from: "traits.first_name", to: "FNAME" },
    { from: "traits.last_name", to: "LNAME" },
  ],
  validate(config, secrets) {
    const problems = required(config, secrets, fields);
    if (secrets.apiKey && !config.baseUrl && !/-[a-z]+\d+$/.test(secrets.apiKey)) problems.push("API key should end with its data centre, like -us6.");
    if (config.status && !["subscribed", "pending", "transactional"].includes(config.status)) problems.push("Status must be subscribed, pending or transactional.");
    return problems;
  },
  async test(ctx) {
    const body = expectOk(await request(`${mailchimpBase(ctx)}/lists/${encodeURIComponent(ctx.config.listId!)}?fields=id,name,stats.member_count`, { headers: auth(ctx), signal: ctx.signal }), "Mailchimp").json<{ name?: string }>();
    return `Connected to audience “${body.name ?? ctx.config.listId}”.`;
  },
  async send(ctx, records: SyncRecord[]): Promise<RecordResult[]> {
    const results: RecordResult[] = [];
    const upserts: { r: SyncRecord; email: string }[] = [];
    for (const r of records) {
      const email = normalizeEmail(r.fields.email);
      if (!email) results.push({ profileId: r.profileId, ok: false, reason: "No valid email address." });
      else if (r.op === "remove") {
        const res = await request(`${mailchimpBase(ctx)}/lists/${encodeURIComponent(ctx.config.listId!)}/members/${subscriberHash(email)}`, { method: "DELETE", headers: auth(ctx), signal: ctx.signal });
        // 404: not in the audience any more, which is what a removal wants.
        results.push(res.status < 300 || res.status === 404 ? { profileId: r.profileId, ok: true } : { profileId: r.profileId, ok: false, reason: `Mailchimp answered ${res.status}: ${res.body.slice(0, 200)}` });
      } else upserts.push({ r, email });
    }
    if (upserts.length > 0) {
      const res = await request(`${mailchimpBase(ctx)}/lists/${encodeURIComponent(ctx.config.listId!)}`, {
        method: "POST",
        headers: auth(ctx),
        signal: ctx.signal,
        body: JSON.stringify({
          update_existing: true,
          members: upserts.map(({ r, email }) => ({ email_address: email, status_if_new: ctx.config.status || "subscribed", merge_fields: mergeFields(r.fields) })),
        }),
      });
      if (res.status >= 300) throw new DestinationError(`Mailchimp refused the batch (${res.status}): ${res.body.slice(0, 300)}`, res.status, false);
      const errors = new Map((res.json<BatchAnswer>().errors ?? []).map((e) => [e.email_address.toLowerCase(), e.error]));
      for (const { r, email } of upserts) results.push(errors.has(email) ? { profileId: r.profileId, ok: false, reason: errors.get(email)! } : { profileId: r.profileId, ok: true });
    }
    return results;
  },
  async erase(ctx, records) {
    const results: RecordResult[] = [];
    for (const r of records) {
      const email = normalizeEmail(r.fields.email);
      if (!email) {
        results.push({ profileId: r.profileId, ok: false, reason: "No valid email address." });
        continue;
      }
      const res = await request(`${mailchimpBase(ctx)}/lists/${encodeURIComponent(ctx.config.listId!)}/members/${subscriberHash(email)}/actions/delete-permanent`, { method: "POST", headers: auth(ctx), signal: ctx.signal });
      // 404: Mailchimp holds no such member, which is what an erasure wants.
      results.push(res.status < 300 || res.status === 404 ? { profileId: r.profileId, ok: true } : { profileId: r.profileId, ok: false, reason: `Mailchimp answered ${res.status}: ${res.body.slice(0, 200)}` });
    }
    return results;
  },
};
