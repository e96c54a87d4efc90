import { detectPii, MASK, type FieldKind, type PiiClass } from "./classify";
import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";

/**
 * PII masking for people who may not see personal data (Analysts, Viewers, API keys without the
 * unmasked-PII grant). What is personal comes from the data catalog's PII class of each trait and
 * property (set by a steward), else from its name (email, phone, names, addresses, ip…). Masking
 * walks response data by shape: trait, property, context and destination-field objects lose their
 * personal keys; `email`, `phone` and `recipient` anywhere, a profile summary's `name`, and identities
 * of personal kinds are replaced by a mask.
 */
export { MASK };

export type PiiPolicy = { isPersonal: (field: string, kind?: FieldKind) => boolean };

const classes = new TtlCache<Map<string, PiiClass>>(5_000);

/** The steward's classes by field name (traits and properties alike; the strictest wins). */
async function explicitClasses(workspaceId: string): Promise<Map<string, PiiClass>> {
  return classes.get(workspaceId, async () => {
    const { rows } = await pool().query<{ field: string; pii: PiiClass }>("SELECT field, pii FROM catalog_entries WHERE workspace_id = $1 AND kind IN ('trait', 'property') AND pii IS NOT NULL", [workspaceId]);
    const rank = { normal: 0, pii: 1, sensitive: 2 } as const;
    const out = new Map<string, PiiClass>();
    for (const r of rows) if (!out.has(r.field) || rank[r.pii] > rank[out.get(r.field)!]) out.set(r.field, r.pii);
    return out;
  });
}

export function forgetPiiClasses(workspaceId: string): void {
  classes.delete(workspaceId);
}

/** The steward's explicit classes as lists, for SQL (the console): fields marked personal, and fields marked normal. */
export async function explicitPiiLists(workspaceId: string): Promise<{ personal: string[]; normal: string[] }> {
  const explicit = await explicitClasses(workspaceId);
  const all = [...explicit.entries()];
  return { personal: all.filter(([, c]) => c !== "normal").map(([f]) => f), normal: all.filter(([, c]) => c === "normal").map(([f]) => f) };
}

export async function piiPolicy(workspaceId: string): Promise<PiiPolicy> {
  const explicit = await explicitClasses(workspaceId);
  return { isPersonal: (field, kind = "trait") => (explicit.get(field) ?? detectPii(field, kind)) !== "normal" };
}

const ALWAYS = new Set(["email", "phone", "recipient", "ip", "email_address", "emailAddress"]);
/** Objects whose keys are data fields: event properties (and context) are read as properties, the rest as traits. */
const BAGS: Record<string, FieldKind> = { traits: "trait", properties: "property", context: "property", fields: "trait", payload: "trait", sent: "trait" };
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const looksLikeProfile = (o: Record<string, unknown>) => "email" in o && ("userId" in o || "lastSeenAt" in o || "eventCount" in o || "id" in o);

function maskBag(bag: unknown, policy: PiiPolicy, kind: FieldKind): unknown {
  if (Array.isArray(bag)) return bag.map((x) => maskBag(x, policy, kind));
  if (!isObject(bag)) return bag;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bag)) {
    if (v !== null && v !== undefined && (ALWAYS.has(k) || policy.isPersonal(k, kind))) out[k] = MASK;
    // context.traits holds a person's traits.
    else out[k] = isObject(v) || Array.isArray(v) ? maskBag(v, policy, k === "traits" ? "trait" : kind) : v;
  }
  return out;
}

/** A copy of `data` with personal values masked, by shape (see above). */
export function maskPersonal<T>(data: T, policy: PiiPolicy): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    const identityKind = typeof v.kind === "string" && typeof v.value === "string" ? v.kind : null;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined) out[k] = x;
      else if (k in BAGS) out[k] = maskBag(x, policy, BAGS[k]!);
      else if (ALWAYS.has(k) && typeof x !== "object") out[k] = MASK;
      else if (k === "name" && typeof x === "string" && looksLikeProfile(v)) out[k] = MASK;
      else if (k === "value" && identityKind && (identityKind === "email" || (identityKind.startsWith("trait:") && policy.isPersonal(identityKind.slice(6))))) out[k] = MASK;
      else out[k] = walk(x);
    }
    return out;
  };
  return walk(data) as T;
}

/** Masks only when `canSeePii` is false; otherwise hands the data back untouched. */
export async function maskUnless<T>(canSeePii: boolean, workspaceId: string, data: T): Promise<T> {
  if (canSeePii) return data;
  return maskPersonal(data, await piiPolicy(workspaceId));
}
