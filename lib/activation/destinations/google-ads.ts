import { normalizeEmailForGoogle, normalizePhoneForGoogle, sha256 } from "../normalize";
import { DestinationError, errorMessage, expectOk, request } from "./http";
import { required, type DestinationContext, type FieldSpec, type Provider, type RecordResult, type SyncRecord } from "./types";

/**
 * Google Ads Customer Match through OfflineUserDataJobService (REST): create a job of type
 * CUSTOMER_MATCH_USER_LIST for the user list, add `create` (or `remove`) operations whose
 * userIdentifiers carry hashedEmail / hashedPhoneNumber (SHA-256 hex of the normalised value:
 * email trimmed, lower-cased, gmail dots removed; phone in E.164), then run the job.
 * Headers: Authorization: Bearer <OAuth token>, developer-token, optional login-customer-id.
 */
const fields: FieldSpec[] = [
  { key: "customerId", label: "Customer ID", required: true, placeholder: "123-456-7890" },
  { key: "userListId", label: "Customer Match user list ID", required: true, placeholder: "987654321" },
  { key: "loginCustomerId", label: "Manager (login) customer ID", placeholder: "optional" },
  { key: "developerToken", label: "Developer token", secret: true, required: true },
  { key: "accessToken", label: "OAuth access token", secret: true, required: true },
  { key: "apiVersion", label: "API version", placeholder: "v22" },
  { key: "countryCode", label: "Default phone country code", placeholder: "1" },
  { key: "baseUrl", label: "API base URL", type: "url", placeholder: "https://googleads.googleapis.com" },
];

const digits = (s: string | undefined) => (s ?? "").replace(/\D/g, "");
const base = (ctx: DestinationContext) => `${(ctx.config.baseUrl || "https://googleads.googleapis.com").replace(/\/$/, "")}/${ctx.config.apiVersion || "v22"}`;

function headers(ctx: DestinationContext): Record<string, string> {
  const h: Record<string, string> = {
    authorization: `Bearer ${ctx.secrets.accessToken ?? ""}`,
    "developer-token": ctx.secrets.developerToken ?? "",
    "content-type": "application/json",
  };
  if (ctx.config.loginCustomerId) h["login-customer-id"] = digits(ctx.config.loginCustomerId);
  return h;
}

export function userIdentifiers(fields: Record<string, unknown>, countryCode?: string): { hashedEmail?: string; hashedPhoneNumber?: string }[] {
  const out: { hashedEmail?: string; hashedPhoneNumber?: string }[] = [];
  const email = normalizeEmailForGoogle(fields.email);
  const phone = normalizePhoneForGoogle(fields.phone, countryCode || undefined);
  if (email) out.push({ hashedEmail: sha256(email) });
  if (phone) out.push({ hashedPhoneNumber: sha256(phone) });
  return out;
}

async function post<T>(ctx: DestinationContext, path: string, body: unknown, what: string): Promise<T> {
  const res = await request(`${base(ctx)}/${path}`, { method: "POST", headers: headers(ctx), body: JSON.stringify(body), signal: ctx.signal });
  if (res.status >= 300) {
    throw new DestinationError(`Google Ads refused ${what} (${res.status}): ${errorMessage(res) ?? res.body.slice(0, 200)}`, res.status, false);
  }
  return res.json<T>();
}

export const googleAds: Provider = {
  kind: "google_ads",
  label: "Google Ads Customer Match",
  category: "Advertising",
  description: "Upload a segment to a Customer Match list for Search, YouTube, Gmail and Display.",
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
    if (config.customerId && digits(config.customerId).length !== 10) problems.push("Customer ID has 10 digits, like 123-456-7890.");
    if (config.userListId && !/^\d+$/.test(config.userListId)) problems.push("User list ID is a number.");
    return problems;
  },
  async test(ctx) {
    const cid = digits(ctx.config.customerId);
    const body = await post<{ results?: { userList?: { name?: string } }[] }>(
      ctx,
      `customers/${cid}/googleAds:search`,
      { query: `SELECT user_list.id, user_list.name FROM user_list WHERE user_list.id = ${Number(ctx.config.userListId)}` },
      "the connection test",
    );
    const name = body.results?.[0]?.userList?.name;
    if (!name) throw new DestinationError(`User list ${ctx.config.userListId} was not found in customer ${ctx.config.customerId}.`, 404, false);
    return `Connected to Customer Match list “${name}”.`;
  },
  async send(ctx, records: SyncRecord[]): Promise<RecordResult[]> {
    const cid = digits(ctx.config.customerId);
    const results: RecordResult[] = [];
    // One job for additions and one for removals: a job runs its operations as one upload.
    for (const kind of ["create", "remove"] as const) {
      const ops: unknown[] = [];
      const sent: SyncRecord[] = [];
      for (const r of records.filter((x) => (x.op === "remove") === (kind === "remove"))) {
        const ids = userIdentifiers(r.fields, ctx.config.countryCode);
        if (ids.length === 0) results.push({ profileId: r.profileId, ok: false, reason: "No valid email or phone to match on." });
        else {
          ops.push({ [kind]: { userIdentifiers: ids } });
          sent.push(r);
        }
      }
      if (ops.length === 0) continue;
      const job = await post<{ resourceName: string }>(
        ctx,
        `customers/${cid}/offlineUserDataJobs:create`,
        { job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList: `customers/${cid}/userLists/${ctx.config.userListId}` } } },
        "the upload job",
      );
      const added = await post<{ partialFailureError?: { details?: { errors?: { location?: { fieldPathElements?: { fieldName: string; index?: number }[] }; message?: string }[] }[] } }>(
        ctx,
        `${job.resourceName}:addOperations`,
        { operations: ops, enablePartialFailure: true },
        "the operations",
      );
      const failed = new Map<number, string>();
      for (const d of added.partialFailureError?.details ?? []) {
        for (const e of d.errors ?? []) {
          const index = e.location?.fieldPathElements?.find((f) => f.fieldName === "operations")?.index;
          if (index !== undefined) failed.set(index, e.message ?? "rejected by Google Ads");
        }
      }
      expectOk(await request(`${base(ctx)}/${job.resourceName}:run`, { method: "POST", headers: headers(ctx), body: "{}", signal: ctx.signal }), "Google Ads (run job)");
      sent.forEach((r, i) => results.push(failed.has(i) ? { profileId: r.profileId, ok: false, reason: failed.get(i)! } : { profileId: r.profileId, ok: true }));
    }
    return results;
  },
};
