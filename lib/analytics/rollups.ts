import type pg from "pg";
import { pool, withTransaction } from "../db/pool";

const HOUR = 3_600_000;
/** The start of the UTC hour of an instant, as rollups and event_people key it. */
export const hourOf = (t: Date): string => new Date(Math.floor(t.getTime() / HOUR) * HOUR).toISOString();
/** The same in SQL, for a timestamptz expression (whatever the session's time zone). */
export const hourSql = (ts: string): string => `date_trunc('hour', ${ts} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;

/** Ingestion, in the transaction that stores the events: their counts per name and hour, as deltas. */
export async function appendRollupDeltas(client: Pick<pg.PoolClient, "query">, workspaceId: string, messages: { event?: string | null; ts: Date }[]): Promise<void> {
  const perHour = new Map<string, { e: string; h: string; n: number }>();
  for (const m of messages) {
    if (!m.event) continue;
    const h = hourOf(m.ts);
    const k = `${m.event}\u0000${h}`;
    const c = perHour.get(k) ?? { e: m.event, h, n: 0 };
    c.n++;
    perHour.set(k, c);
  }
  if (!perHour.size) return;
  const d = [...perHour.values()];
  await client.query("INSERT INTO event_rollup_deltas (workspace_id, event, hour, n) SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::bigint[])", [workspaceId, d.map((x) => x.e), d.map((x) => x.h), d.map((x) => x.n)]);
}

/**
 * Event counts per name and hour. Ingestion appends deltas with the events; `foldRollups` moves
 * them into `event_rollups` (delete and upsert in one statement: each delta counted once).
 * A workspace's history is counted once by `buildNextRollup`, in one REPEATABLE READ snapshot that
 * both counts the events it sees and drops the deltas of exactly those events.
 */
export async function foldRollups(limit = 100_000): Promise<number> {
  const r = await pool().query(
    `WITH d AS (
       DELETE FROM event_rollup_deltas WHERE ctid = ANY(ARRAY(SELECT ctid FROM event_rollup_deltas LIMIT $1)) RETURNING workspace_id, event, hour, n
     )
     INSERT INTO event_rollups (workspace_id, event, hour, n)
     SELECT workspace_id, event, hour, sum(n) FROM d GROUP BY 1, 2, 3
     ON CONFLICT (workspace_id, event, hour) DO UPDATE SET n = event_rollups.n + excluded.n`,
    [limit],
  );
  return r.rowCount ?? 0;
}

/** The oldest workspace (or the one named) with no row in a state table yet: the next one to build. */
export async function nextUnbuilt(stateTable: "event_rollup_state" | "event_people_state", workspaceId?: string): Promise<string | undefined> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT w.id FROM workspaces w WHERE NOT EXISTS (SELECT 1 FROM ${stateTable} s WHERE s.workspace_id = w.id) AND ($1::text IS NULL OR w.id = $1) ORDER BY w.created_at LIMIT 1`,
    [workspaceId ?? null],
  );
  return rows[0]?.id;
}

/** Builds the rollups of one workspace that has none yet from its events; false when none is left. */
export async function buildNextRollup(opts: { workspaceId?: string } = {}): Promise<boolean> {
  const ws = await nextUnbuilt("event_rollup_state", opts.workspaceId);
  if (!ws) return false;
  await withTransaction(async (c) => {
    await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const got = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('event_rollups'), hashtext($1)) AS ok", [ws]);
    if (!got.rows[0]!.ok) return;
    await c.query("DELETE FROM event_rollups WHERE workspace_id = $1", [ws]);
    await c.query("DELETE FROM event_rollup_deltas WHERE workspace_id = $1", [ws]);
    await c.query(
      `INSERT INTO event_rollups (workspace_id, event, hour, n)
       SELECT $1, event, ${hourSql("ts")}, count(*) FROM events WHERE workspace_id = $1 AND event IS NOT NULL GROUP BY 2, 3`,
      [ws],
    );
    await c.query("INSERT INTO event_rollup_state (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO UPDATE SET built_at = now()", [ws]);
  });
  return true;
}

/** After a bulk load that bypassed ingestion (the generator), the workspace's rollups are built again. */
export async function forgetRollups(client: { query: (sql: string, params: unknown[]) => Promise<unknown> }, workspaceId: string): Promise<void> {
  await client.query("DELETE FROM event_rollup_state WHERE workspace_id = $1", [workspaceId]);
}

export async function rollupsReady(workspaceId: string): Promise<boolean> {
  const { rows } = await pool().query("SELECT 1 FROM event_rollup_state WHERE workspace_id = $1", [workspaceId]);
  return rows.length > 0;
}
