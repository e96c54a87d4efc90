import type pg from "pg";
import { reusable } from "../db/prepared";
import type { Lane } from "./engine";

/** The earliest due moment of a timers row's `dues` (segment id → epoch ms), or NULL when none. */
const EARLIEST = (dues: string) => `(SELECT to_timestamp(min(j.v::bigint) / 1000.0) FROM jsonb_each_text(${dues}) AS j(k, v))`;

/**
 * Rewrites profiles' timers (`segment_timers`, one row per profile): the entries of the (segment,
 * profile) pairs `cleared` selects (s, p) are removed, the rows `fresh` selects (segment_id,
 * profile_id, due_at) are added, and each row's earliest moment is recomputed — one row written
 * per profile, however many of its segments were evaluated. Both queries are over `params` ($1…$n).
 * Callers hold the lock of the profiles' lane (or the whole workspace's), so nobody else writes
 * these rows meanwhile.
 */
export async function setTimers(client: pg.PoolClient, workspaceId: string, o: { params: unknown[]; fresh?: string; cleared?: string }): Promise<void> {
  const n = o.params.length;
  const fresh = o.fresh ?? "SELECT NULL::text AS segment_id, NULL::bigint AS profile_id, NULL::timestamptz AS due_at WHERE false";
  const cleared = o.cleared ?? "SELECT NULL::text AS s, NULL::bigint AS p WHERE false";
  await client.query(
    reusable(
      client,
      `WITH fresh AS (
       SELECT f.profile_id, jsonb_object_agg(f.segment_id, (extract(epoch FROM f.due_at) * 1000)::bigint) AS dues
         FROM (${fresh}) f GROUP BY f.profile_id),
     cleared AS (
       SELECT x.p AS profile_id, array_agg(x.s) AS segs FROM (${cleared}) x GROUP BY x.p),
     target AS (
       SELECT coalesce(c.profile_id, f.profile_id) AS profile_id, coalesce(c.segs, '{}') AS segs, coalesce(f.dues, '{}'::jsonb) AS dues
         FROM cleared c FULL JOIN fresh f ON f.profile_id = c.profile_id),
     merged AS (
       SELECT g.profile_id, (coalesce(t.dues, '{}'::jsonb) - g.segs) || g.dues AS dues, t.profile_id IS NOT NULL AS existed
         FROM target g LEFT JOIN segment_timers t ON t.profile_id = g.profile_id)
     INSERT INTO segment_timers (profile_id, workspace_id, dues, due_at)
     SELECT m.profile_id, $${n + 1}, m.dues, ${EARLIEST("m.dues")} FROM merged m WHERE m.existed OR m.dues <> '{}'::jsonb
     ON CONFLICT (profile_id) DO UPDATE SET dues = EXCLUDED.dues, due_at = EXCLUDED.due_at
       WHERE segment_timers.dues IS DISTINCT FROM EXCLUDED.dues`,
      [...o.params, workspaceId],
    ),
  );
}

/**
 * A live pass's timers: for each profile, the segments evaluated (their entries are replaced) and
 * the new due moments (epoch ms) of those with one. The profiles' rows are read, merged here and
 * written back only where they changed (most passes move few moments). Callers hold the lock of
 * the profiles' lane, so nobody else writes these rows meanwhile.
 */
export async function replaceTimers(client: pg.PoolClient, workspaceId: string, evaluated: Map<number, { segments: string[]; dues: Map<string, number> }>): Promise<void> {
  if (evaluated.size === 0) return;
  const { rows } = await client.query<{ profile_id: string; dues: Record<string, number> }>("SELECT profile_id, dues FROM segment_timers WHERE profile_id = ANY($1::bigint[])", [[...evaluated.keys()]]);
  const existing = new Map(rows.map((r) => [Number(r.profile_id), r.dues]));
  const writes: { p: number; d: Record<string, number>; m: number | null }[] = [];
  for (const [profileId, { segments, dues }] of evaluated) {
    const old = existing.get(profileId);
    if (!old && dues.size === 0) continue;
    const next: Record<string, number> = { ...old };
    let changed = !old;
    for (const s of segments) {
      const due = dues.get(s);
      if (next[s] === due) continue;
      changed = true;
      if (due === undefined) delete next[s];
      else next[s] = due;
    }
    if (!changed) continue;
    const values = Object.values(next).map(Number);
    writes.push({ p: profileId, d: next, m: values.length ? Math.min(...values) : null });
  }
  if (writes.length === 0) return;
  await client.query(
    `INSERT INTO segment_timers (profile_id, workspace_id, dues, due_at)
     SELECT x.p, $1, x.d, to_timestamp(x.m / 1000.0) FROM jsonb_to_recordset($2::jsonb) AS x(p bigint, d jsonb, m bigint)
     ON CONFLICT (profile_id) DO UPDATE SET dues = EXCLUDED.dues, due_at = EXCLUDED.due_at`,
    [workspaceId, JSON.stringify(writes)],
  );
}

/** Removes one segment's timers from every profile of its workspace (before it is built again). */
export async function clearSegmentTimers(client: pg.PoolClient, workspaceId: string, segmentId: string): Promise<void> {
  await client.query(
    `UPDATE segment_timers t SET dues = t.dues - $2::text, due_at = ${EARLIEST("(t.dues - $2::text)")} WHERE t.workspace_id = $1 AND t.dues ? $2::text`,
    [workspaceId, segmentId],
  );
}

/** The profiles with something due by `now` (claimed for this transaction), with each due (segment, moment). */
export async function claimDueTimers(
  client: pg.PoolClient,
  now: Date,
  limit: number,
  workspaceId: string | null,
  lane: Lane,
): Promise<{ workspaceId: string; profileId: number; segmentId: string; dueAt: Date }[]> {
  const { rows } = await client.query<{ workspace_id: string; profile_id: string; dues: Record<string, number> }>(
    `SELECT workspace_id, profile_id, dues FROM segment_timers
      WHERE due_at <= $1 AND ($3::text IS NULL OR workspace_id = $3) AND profile_id % $4 = $5 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit, workspaceId, lane.count, lane.index],
  );
  const out: { workspaceId: string; profileId: number; segmentId: string; dueAt: Date }[] = [];
  for (const r of rows)
    for (const [segmentId, ms] of Object.entries(r.dues)) if (Number(ms) <= now.getTime()) out.push({ workspaceId: r.workspace_id, profileId: Number(r.profile_id), segmentId, dueAt: new Date(Number(ms)) });
  return out;
}
