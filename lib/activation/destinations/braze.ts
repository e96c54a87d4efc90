import { DestinationError, expectOk, request } from "./http";
import { required, type DestinationContext, type FieldSpec, type Provider, type RecordResult, type SyncRecord } from "./types";

/**
 * Braze REST API: POST {rest endpoint}/users/track with `Authorization: Bearer <REST API key>` and
 * up to 75 attribute objects per request, each naming the user by external_id. Membership is a
 * boolean custom attribute (in_<segment> true on add, false on remove) next to the mapped
 * attributes. Item-level problems come back in `errors` with the index of the object. Erasure:
 * POST /users/delete with up to 50 `external_ids` (the key needs the users.delete permission).
 */
const fields: FieldSpec[] = [
  { key: "restEndpoint", label: "REST endpoint", type: "url", required: true, placeholder: "https://rest.iad-01.braze.com" },
  { key: "apiKey", label: "REST API key", secret: true, required: true, help: "Needs the users.track permission." },
  { key: "attribute", label: "Membership attribute", placeholder: "in_<segment name>" },
];

const auth = (ctx: DestinationContext) => ({ authorization: `Bearer ${ctx.secrets.apiKey ?? ""}`, "content-type": "application/json" });
const endpoint = (ctx: DestinationContext) => ctx.config.restEndpoint!.replace(/\/$/, "");

export function membershipAttribute(ctx: Pick<DestinationContext, "config" | "segment">): string {
  if (ctx.config.attribute) return ctx.config.attribute;
  return `in_${ctx.segment.name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
}

export const braze: Provider = {
  kind: "braze",
  label: "Braze",
  category: "Email",
  description: "Update Braze user profiles with segment membership and mapped attributes.",
  fields,
  defaultPurpose: "marketing_email",
  maxBatch: 75,
  requiresAny: ["external_id"],
  defaultMapping: [
    { from: "user_id", to: "external_id" },
    { from: "traits.email", to: "email" },
    { from: "traits.first_name", to: "first_name" },
  ],
  validate(config, secrets) {
    const problems = required(config, secrets, fields);
    if (config.restEndpoint && !/^https?:\/\//.test(config.restEndpoint)) problems.push("REST endpoint must start with https://.");
    return problems;
  },
  async test(ctx) {
    const res = expectOk(
      await request(`${endpoint(ctx)}/users/export/ids`, {
        method: "POST",
        headers: auth(ctx),
        signal: ctx.signal,
        body: JSON.stringify({ external_ids: ["northstar-connection-test"], fields_to_export: ["external_id"] }),
      }),
      "Braze",
    );
    return `Braze accepted the API key (${res.status}).`;
  },
  async send(ctx, records: SyncRecord[]): Promise<RecordResult[]> {
    const attr = membershipAttribute(ctx);
    const valid = records.filter((r) => typeof r.fields.external_id === "string" || typeof r.fields.external_id === "number");
    const results: RecordResult[] = records.filter((r) => !valid.includes(r)).map((r) => ({ profileId: r.profileId, ok: false as const, reason: "No external_id (user id) to update." }));
    if (valid.length === 0) return results;
    const attributes = valid.map((r) => {
      const { external_id, ...rest } = r.fields;
      return r.op === "remove" ? { external_id: String(external_id), [attr]: false } : { ...rest, external_id: String(external_id), [attr]: true };
    });
    const res = await request(`${endpoint(ctx)}/users/track`, { method: "POST", headers: auth(ctx), signal: ctx.signal, body: JSON.stringify({ attributes }) });
    if (res.status >= 300) throw new DestinationError(`Braze refused the batch (${res.status}): ${res.body.slice(0, 300)}`, res.status, false);
    const errors = new Map<number, string>();
    for (const e of res.json<{ errors?: { type: string; input_array?: string; index?: number }[] }>().errors ?? []) if (e.index !== undefined) errors.set(e.index, e.type);
    return [...results, ...valid.map((r, i) => (errors.has(i) ? { profileId: r.profileId, ok: false as const, reason: errors.get(i)! } : { profileId: r.profileId, ok: true as const }))];
  },
  async erase(ctx, records) {
    const results: RecordResult[] = [];
    const withId = records.filter((r) => typeof r.fields.external_id === "string" || typeof r.fields.external_id === "number");
    for (const r of records) if (!withId.includes(r)) results.push({ profileId: r.profileId, ok: false, reason: "No external_id (user id) to delete." });
    for (let i = 0; i < withId.length; i += 50) {
      const batch = withId.slice(i, i + 50);
      const res = await request(`${endpoint(ctx)}/users/delete`, { method: "POST", headers: auth(ctx), signal: ctx.signal, body: JSON.stringify({ external_ids: batch.map((r) => String(r.fields.external_id)) }) });
      const ok = res.status < 300;
      for (const r of batch) results.push(ok ? { profileId: r.profileId, ok: true } : { profileId: r.profileId, ok: false, reason: `Braze answered ${res.status}: ${res.body.slice(0, 200)}` });
    }
    return results;
  },
};
