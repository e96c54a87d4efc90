import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";
import { recentlySeenFirst } from "../profiles";
import type { ValueType } from "./schema";

export type FieldInfo = { name: string; type: ValueType; examples: string[] };
const cache = new TtlCache<unknown>(60_000, 1_000);

/** The event names seen in the workspace (a skip scan over the name index: fast on any size). */
/** Ingestion tells what event names it stored: a name the cached list lacks makes the list reload, so a new event is suggested at once. */
export function noteEventNames(workspaceId: string, names: Iterable<string>): void {
  const cached = cache.peek(`events:${workspaceId}`) as string[] | undefined;
  if (!cached) return;
  const known = new Set(cached);
  for (const n of names) {
    if (!known.has(n)) {
      cache.delete(`events:${workspaceId}`);
      return;
    }
  }
}

export async function eventNames(opts: { workspaceId: string }): Promise<string[]> {
  return cache.get(`events:${opts.workspaceId}`, async () => {
    const { rows } = await pool().query<{ event: string }>(
      `WITH RECURSIVE names AS (
         (SELECT event FROM events WHERE workspace_id = $1 AND event IS NOT NULL ORDER BY event LIMIT 1)
         UNION ALL
         SELECT (SELECT e.event FROM events e WHERE e.workspace_id = $1 AND e.event > n.event ORDER BY e.event LIMIT 1) FROM names n WHERE n.event IS NOT NULL
       )
       SELECT event FROM names WHERE event IS NOT NULL LIMIT 500`,
      [opts.workspaceId],
    );
    return rows.map((r) => r.event);
  }) as Promise<string[]>;
}

const DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function typeOf(values: unknown[]): ValueType {
  const counts = new Map<ValueType, number>();
  for (const v of values) {
    const t: ValueType = Array.isArray(v) ? "list" : typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : typeof v === "string" && DATE.test(v) ? "date" : "string";
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "string";
}

/** Fields of a sample of JSON objects: names (dotted for nested objects), the usual type, common values. */
export function describeFields(objects: Record<string, unknown>[]): FieldInfo[] {
  const values = new Map<string, unknown[]>();
  const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === "object" && !Array.isArray(v) && depth < 2) walk(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1);
      else if (v !== null && v !== undefined) values.set(`${prefix}${k}`, [...(values.get(`${prefix}${k}`) ?? []), v]);
    }
  };
  for (const o of objects) walk(o, "", 0);
  return [...values]
    .map(([name, vs]) => {
      const counts = new Map<string, number>();
      for (const v of vs) if (!Array.isArray(v)) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      const examples = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([v]) => v);
      return { name, type: typeOf(vs), examples };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Properties of an event, from its latest 1,000 occurrences. */
export async function eventProperties(opts: { workspaceId: string; event: string }): Promise<FieldInfo[]> {
  return cache.get(`props:${opts.workspaceId}:${opts.event}`, async () => {
    const { rows } = await pool().query<{ properties: Record<string, unknown> | null }>(
      "SELECT properties FROM events WHERE workspace_id = $1 AND event = $2 ORDER BY ts DESC LIMIT 1000",
      [opts.workspaceId, opts.event],
    );
    return describeFields(rows.map((r) => r.properties ?? {}));
  }) as Promise<FieldInfo[]>;
}

/** Traits of the 2,000 most recently active profiles, and the consent purposes in use. */
export async function traitFields(opts: { workspaceId: string }): Promise<{ traits: FieldInfo[]; purposes: string[] }> {
  return cache.get(`traits:${opts.workspaceId}`, async () => {
    const { rows } = await pool().query<{ traits: Record<string, unknown>; consent: Record<string, unknown> }>(
      `SELECT p.traits, p.consent FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL ORDER BY ${recentlySeenFirst("p")} LIMIT 2000`,
      [opts.workspaceId],
    );
    const purposes = new Set<string>(["analytics", "marketing_email", "advertising", "personalization"]);
    for (const r of rows) for (const k of Object.keys(r.consent ?? {})) purposes.add(k);
    return { traits: describeFields(rows.map((r) => r.traits ?? {})).filter((f) => f.name !== "consent" && !f.name.startsWith("consent.")), purposes: [...purposes].sort() };
  }) as Promise<{ traits: FieldInfo[]; purposes: string[] }>;
}
