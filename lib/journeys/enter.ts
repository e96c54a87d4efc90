import type { Queryable } from "../bus";
import { Params, filterSql } from "../segments/sql";
import type { PropertyFilter } from "../segments/schema";
import { holdOnEntries } from "./breaker";
import type { RunnableVersion } from "./version";

export type Entry = { profileId: number; due: Date; context: Record<string, unknown> };

/**
 * Starts profiles on a journey version, honouring its re-entry rule: never (once per profile),
 * after N days, or always (but never twice at once: one active state per journey and profile).
 * The states wait at the trigger, due at once; the engine takes them from there.
 */
export async function enterProfiles(db: Queryable, v: RunnableVersion, entries: Entry[], now: Date): Promise<number> {
  if (entries.length === 0) return 0;
  const r = v.settings.reentry;
  const blocked = r.mode === "never" ? "true" : r.mode === "after" ? `s.entered_at > $5::timestamptz - make_interval(days => ${Number(r.days)})` : "false";
  const rows = entries.map((e) => ({ p: e.profileId, due: e.due.toISOString(), ctx: e.context }));
  const res = await db.query(
    `WITH x AS (SELECT DISTINCT ON (p) * FROM jsonb_to_recordset($1::jsonb) AS x(p bigint, due timestamptz, ctx jsonb) ORDER BY p, due),
     ok AS (
       SELECT x.* FROM x JOIN profiles pr ON pr.id = x.p AND pr.workspace_id = $2 AND pr.merged_into IS NULL
        WHERE NOT EXISTS (SELECT 1 FROM journey_states s WHERE s.journey_id = $3 AND s.profile_id = x.p AND (s.status = 'active' OR ${blocked})))
     INSERT INTO journey_states (workspace_id, journey_id, version, profile_id, node_id, phase, due_at, context, entered_at, node_entered_at)
     SELECT $2, $3, $4, p, $6, 'ready', due, ctx, $5, $5 FROM ok
     ON CONFLICT (journey_id, profile_id) WHERE status = 'active' DO NOTHING`,
    [JSON.stringify(rows), v.workspaceId, v.journeyId, v.version, now, v.trigger.id],
  );
  // A breaker with an entry limit holds the journey in this transaction, before anyone moves on.
  if (res.rowCount) await holdOnEntries(db, v.journeyId, now);
  return res.rowCount ?? 0;
}

/**
 * Which of some events pass property filters, with the segment compiler's filter semantics (the
 * same "revenue greater than 100" means the same thing in a segment and in a journey).
 */
export async function matchingEvents<T extends { id: string; properties: unknown }>(db: Queryable, filters: PropertyFilter[], rows: T[], now: Date): Promise<T[]> {
  if (filters.length === 0 || rows.length === 0) return rows;
  const p = new Params();
  const nowSql = p.add(now.toISOString(), "::timestamptz");
  const where = filters.map((f) => filterSql(f, "e", p, nowSql)).join(" AND ");
  const data = p.add(JSON.stringify(rows.map((r) => ({ id: r.id, properties: r.properties ?? {} }))), "::jsonb");
  const { rows: hits } = await db.query<{ id: string }>(`${p.anchor()} SELECT e.id FROM jsonb_to_recordset(${data}) AS e(id text, properties jsonb) WHERE ${where}`, p.values);
  const ok = new Set(hits.map((h) => h.id));
  return rows.filter((r) => ok.has(r.id));
}
