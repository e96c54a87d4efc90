import type pg from "pg";
import { pool, withTransaction } from "../db/pool";
import { hourSql } from "./rollups";
import type { Insight } from "./schema";

/**
 * Event counts per hour and property value for the breakdowns a workspace uses: every (event,
 * property) pair a saved trends insight breaks a plain count down by. A pair is
 *   requested  → saved, nothing counted yet;
 *   collecting → ingestion appends deltas for it with the events (`appendBreakdownDeltas`), and the
 *                worker counts its history (`buildNextBreakdownRollup`);
 *   ready      → trends read it (history + deltas) instead of the events;
 *   too_many   → more values than MAX_VALUES: a breakdown of it shows the top few and "Other", so
 *                it is answered from the events, and nothing is counted for it.
 * Moving a pair to collecting takes the pairs table's ACCESS EXCLUSIVE lock: it waits for every
 * ingestion transaction that read the pairs before (they hold ACCESS SHARE until they commit), so
 * each event is either in the history the build counts or has its delta appended. Ingestion queues
 * behind that lock, so it gives up after 2 s and the worker tries again on its next pass.
 */
export const MAX_VALUES = 500;

type Client = Pick<pg.PoolClient, "query">;
type Pair = { event: string; property: string };
type Message = { event?: string | null; ts: Date; properties?: Record<string, unknown> | null };

const pathOf = (property: string) => property.split(".");
const key = (event: string, property: string) => `${event}\u0000${property}`;

/** The pairs a trends insight could read from rollups: plain counts broken down by a property. */
export function breakdownPairsOf(insight: Insight): Pair[] {
  if (insight.type !== "trends" || insight.breakdown?.kind !== "property") return [];
  const property = insight.breakdown.property;
  return insight.series.filter((s) => s.measure === "count" && s.filters.length === 0).map((s) => ({ event: s.event, property }));
}

/** Registers the pairs of a saved insight (once each). */
export async function requestBreakdownRollups(workspaceId: string, insight: Insight, client: Client = pool()): Promise<void> {
  const pairs = breakdownPairsOf(insight);
  if (!pairs.length) return;
  await client.query(
    "INSERT INTO breakdown_rollup_pairs (workspace_id, event, property) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING",
    [workspaceId, pairs.map((p) => p.event), pairs.map((p) => p.property)],
  );
}

/**
 * Forgets the pairs no saved insight of the workspace breaks down by any more (an insight changed
 * its breakdown), with their counts: ingestion stops appending for them.
 */
export async function pruneBreakdownRollups(workspaceId: string): Promise<number> {
  const { rows } = await pool().query<{ definition: Insight }>("SELECT definition FROM insights WHERE workspace_id = $1 AND definition #>> '{breakdown,kind}' = 'property'", [workspaceId]);
  const used = new Set(rows.flatMap((r) => breakdownPairsOf(r.definition).map((p) => key(p.event, p.property))));
  const { rows: pairs } = await pool().query<Pair>("SELECT event, property FROM breakdown_rollup_pairs WHERE workspace_id = $1", [workspaceId]);
  const unused = pairs.filter((p) => !used.has(key(p.event, p.property)));
  if (!unused.length) return 0;
  await withTransaction(async (c) => {
    const args = [workspaceId, unused.map((p) => p.event), unused.map((p) => p.property)];
    const pairOf = "(event, property) IN (SELECT * FROM unnest($2::text[], $3::text[]))";
    await c.query(`DELETE FROM breakdown_rollup_pairs WHERE workspace_id = $1 AND ${pairOf}`, args);
    await c.query(`DELETE FROM breakdown_rollups WHERE workspace_id = $1 AND ${pairOf}`, args);
    await c.query(`DELETE FROM breakdown_rollup_deltas WHERE workspace_id = $1 AND ${pairOf}`, args);
  });
  return unused.length;
}

/** Ingestion, in the transaction that stores the events: one delta per (pair, hour, value) of the batch. */
export async function appendBreakdownDeltas(client: Client, workspaceId: string, messages: Message[]): Promise<void> {
  const { rows: pairs } = await client.query<Pair>("SELECT event, property FROM breakdown_rollup_pairs WHERE workspace_id = $1 AND status IN ('collecting', 'ready')", [workspaceId]);
  if (!pairs.length) return;
  const events = new Set(pairs.map((p) => p.event));
  const rows = messages.filter((m) => m.event && events.has(m.event)).map((m) => ({ e: m.event, ts: m.ts.toISOString(), pr: m.properties ?? {} }));
  if (!rows.length) return;
  // The value as the events' own SQL reads it (`#>>`), so deltas and history agree to the character.
  await client.query(
    `INSERT INTO breakdown_rollup_deltas (workspace_id, event, property, hour, value, n)
     SELECT $1, x.e, p.property, ${hourSql("x.ts")}, x.pr #>> string_to_array(p.property, '.'), count(*)
       FROM jsonb_to_recordset($2::jsonb) AS x(e text, ts timestamptz, pr jsonb)
       JOIN unnest($3::text[], $4::text[]) AS p(event, property) ON p.event = x.e
      WHERE x.pr #>> string_to_array(p.property, '.') IS NOT NULL
      GROUP BY 2, 3, 4, 5`,
    [workspaceId, JSON.stringify(rows).replace(/(?<!\\)\\u0000/g, ""), pairs.map((p) => p.event), pairs.map((p) => p.property)],
  );
}

/** Moves every requested pair to collecting (see above); how many moved. */
export async function startCollecting(): Promise<number> {
  const { rows } = await pool().query("SELECT 1 FROM breakdown_rollup_pairs WHERE status = 'requested' LIMIT 1");
  if (!rows.length) return 0;
  return withTransaction(async (c) => {
    await c.query("SET LOCAL lock_timeout = '2s'");
    await c.query("LOCK TABLE breakdown_rollup_pairs IN ACCESS EXCLUSIVE MODE");
    const r = await c.query("UPDATE breakdown_rollup_pairs SET status = 'collecting' WHERE status = 'requested'");
    return r.rowCount ?? 0;
  });
}

/**
 * Counts the history of one collecting pair in a REPEATABLE READ snapshot that also drops the
 * deltas of exactly the events it sees; false when none is left.
 */
export async function buildNextBreakdownRollup(opts: { workspaceId?: string; maxValues?: number } = {}): Promise<boolean> {
  const { rows } = await pool().query<{ workspace_id: string; event: string; property: string }>(
    "SELECT workspace_id, event, property FROM breakdown_rollup_pairs WHERE status = 'collecting' AND ($1::text IS NULL OR workspace_id = $1) ORDER BY requested_at LIMIT 1",
    [opts.workspaceId ?? null],
  );
  const pair = rows[0];
  if (!pair) return false;
  const args = [pair.workspace_id, pair.event, pair.property];
  const where = "workspace_id = $1 AND event = $2 AND property = $3";
  await withTransaction(async (c) => {
    await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const got = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('breakdown_rollups'), hashtext($1 || $2 || $3)) AS ok", args);
    if (!got.rows[0]!.ok) return;
    await c.query(`DELETE FROM breakdown_rollups WHERE ${where}`, args);
    await c.query(`DELETE FROM breakdown_rollup_deltas WHERE ${where}`, args);
    const { rows: counted } = await c.query<{ values: number }>(
      `WITH g AS MATERIALIZED (
         SELECT ${hourSql("ts")} AS hour, properties #>> $4::text[] AS value, count(*) AS n
           FROM events WHERE workspace_id = $1 AND event = $2 AND properties #>> $4::text[] IS NOT NULL GROUP BY 1, 2),
       k AS (SELECT count(DISTINCT value)::int AS c FROM g),
       ins AS (INSERT INTO breakdown_rollups (workspace_id, event, property, hour, value, n) SELECT $1, $2, $3, hour, value, n FROM g WHERE (SELECT c FROM k) <= $5 RETURNING 1)
       SELECT (SELECT c FROM k) AS values, (SELECT count(*) FROM ins) AS inserted`,
      [...args, pathOf(pair.property), opts.maxValues ?? MAX_VALUES],
    );
    const values = counted[0]!.values;
    const status = values <= (opts.maxValues ?? MAX_VALUES) ? "ready" : "too_many";
    await c.query(`UPDATE breakdown_rollup_pairs SET status = $4, value_count = $5, built_at = now() WHERE ${where}`, [...args, status, values]);
  });
  return true;
}

/** Moves appended deltas into the rollups (each counted once); deltas of pairs that turned out too_many are dropped. */
export async function foldBreakdownRollups(limit = 100_000): Promise<number> {
  const r = await pool().query(
    `WITH d AS (
       DELETE FROM breakdown_rollup_deltas WHERE ctid = ANY(ARRAY(SELECT ctid FROM breakdown_rollup_deltas LIMIT $1)) RETURNING workspace_id, event, property, hour, value, n
     )
     INSERT INTO breakdown_rollups (workspace_id, event, property, hour, value, n)
     SELECT d.workspace_id, d.event, d.property, d.hour, d.value, sum(d.n) FROM d
       JOIN breakdown_rollup_pairs p ON p.workspace_id = d.workspace_id AND p.event = d.event AND p.property = d.property AND p.status <> 'too_many'
      GROUP BY 1, 2, 3, 4, 5
     ON CONFLICT (workspace_id, event, property, hour, value) DO UPDATE SET n = breakdown_rollups.n + excluded.n`,
    [limit],
  );
  return r.rowCount ?? 0;
}

/** The workspace's ready pairs, as `readyKey(event, property)`. */
export async function readyBreakdowns(workspaceId: string): Promise<Set<string>> {
  const { rows } = await pool().query<Pair>("SELECT event, property FROM breakdown_rollup_pairs WHERE workspace_id = $1 AND status = 'ready'", [workspaceId]);
  return new Set(rows.map((r) => key(r.event, r.property)));
}

export const readyKey = key;

/**
 * After a bulk load that bypassed ingestion: every pair is counted again (a too_many one, whose
 * deltas nobody appended, goes back through requested).
 */
export async function recountBreakdowns(client: Client, workspaceId: string): Promise<void> {
  await client.query("UPDATE breakdown_rollup_pairs SET status = CASE WHEN status = 'too_many' THEN 'requested' ELSE 'collecting' END WHERE workspace_id = $1 AND status <> 'requested'", [workspaceId]);
}
