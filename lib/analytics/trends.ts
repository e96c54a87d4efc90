import { csvCell } from "../csv";
import { cancellableQuery } from "../db/cancellable";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { Params } from "../segments/sql";
import { MAX_BUCKETS, MEASURE_LABELS, type Series, type TrendsInsight } from "./schema";
import { readyBreakdowns, readyKey } from "./breakdown-rollups";
import { eventPeopleReady } from "./people";
import { rollupsReady } from "./rollups";
import { breakdownSql, bucketSql, measureSql, rangeSql, seriesFilterSql } from "./sql";

export const QUERY_TIMEOUT_MS = 30_000;
const TOO_LONG = "Narrow the question: a shorter date range, a filter, or fewer breakdown values.";

export type TrendLine = { key: string; label: string; series: number; breakdown: string | null; values: number[]; total: number; previous?: number[]; previousTotal?: number };
export type TrendsResult = { buckets: string[]; lines: TrendLine[]; from: string; to: string; timezone: string; ms: number };

export async function workspaceTimezone(workspaceId: string): Promise<string> {
  const { rows } = await pool().query<{ timezone: string }>("SELECT timezone FROM workspaces WHERE id = $1", [workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "Workspace not found.");
  return rows[0].timezone;
}

/**
 * One series as SQL: per bucket and breakdown value, plus the whole range per breakdown value
 * (GROUPING SETS, so unique people over the range are counted once, not summed over buckets).
 * Breakdown values beyond the top N become "Other"; events without the value "(none)".
 */
export function seriesSql(insight: TrendsInsight, s: Series, workspaceId: string, timezone: string, previous = false, rollups: Rollups = false): { sql: string; params: unknown[] } {
  const p = new Params();
  const ws = p.add(workspaceId);
  const tz = p.add(timezone);
  const { from, to } = rangeSql(insight.range, tz, p, previous);
  const ev = () => p.add(s.event);
  // Counts per hour (folded, and deltas not folded yet), summed into the insight's buckets.
  const hourly = (name: string) => {
    const part = (table: string) => `SELECT hour, n FROM ${table} r, bounds WHERE r.workspace_id = ${ws} AND r.event = ${name} AND r.hour >= bounds.f AND r.hour < bounds.t`;
    return `${part("event_rollups")} UNION ALL ${part("event_rollup_deltas")}`;
  };
  if (rollups && canUseRollups(insight, s)) {
    return {
      sql: `
        WITH bounds AS (SELECT ${from} AS f, ${to} AS t),
        e AS (SELECT ${bucketSql(insight.interval, "x.hour", tz)} AS b, NULL::text AS bd, x.n FROM (${hourly(ev())}) x)
        SELECT to_char(b, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket, bd, sum(n)::float8 AS value FROM e GROUP BY GROUPING SETS ((b, bd), (bd))`,
      params: p.values,
    };
  }
  if (rollups && insight.breakdown?.kind === "property" && canUseBreakdownRollups(insight, s, rollups.breakdowns)) {
    // Counts per hour and value; events without the value ("(none)") are the hour's count less those with one.
    const e = ev();
    const pr = p.add(insight.breakdown.property);
    const part = (table: string) => `SELECT hour, value AS bd, n FROM ${table} r, bounds WHERE r.workspace_id = ${ws} AND r.event = ${e} AND r.property = ${pr} AND r.hour >= bounds.f AND r.hour < bounds.t`;
    return {
      sql: `
        WITH bounds AS (SELECT ${from} AS f, ${to} AS t),
        v AS (${part("breakdown_rollups")} UNION ALL ${part("breakdown_rollup_deltas")}),
        top AS (SELECT bd FROM v GROUP BY bd ORDER BY sum(n) DESC, bd LIMIT ${p.add(insight.top, "::int")}),
        g AS (
          SELECT hour, CASE WHEN bd IN (SELECT bd FROM top) THEN bd ELSE 'Other' END AS bd, n FROM v
          UNION ALL SELECT hour, '(none)', n FROM (${hourly(e)}) x
          UNION ALL SELECT hour, '(none)', -n FROM v),
        e AS (SELECT ${bucketSql(insight.interval, "g.hour", tz)} AS b, bd, n FROM g)
        SELECT to_char(b, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket, bd, sum(n)::float8 AS value FROM e GROUP BY GROUPING SETS ((b, bd), (bd)) HAVING sum(n) <> 0`,
      params: p.values,
    };
  }
  const m = measureSql(s, p);
  const bd = breakdownSql(insight.breakdown, p);
  const segment = insight.segmentId ? ` AND EXISTS (SELECT 1 FROM segment_members f WHERE f.segment_id = ${p.add(insight.segmentId)} AND f.profile_id = e.profile_id)` : "";
  // From event_people: a row per person and hour (hours are whole buckets here), the range on whole hours.
  const people = rollups && rollups.people && uniquesFromPeople(insight, s);
  const bucket = bucketSql(insight.interval, people ? "e.hour" : "e.ts", tz);
  const where = people ? "e.hour >= bounds.f AND e.hour < bounds.t AND e.first_ts < bounds.t" : "e.ts >= bounds.f AND e.ts < bounds.t";
  const sql = `
    WITH bounds AS (SELECT ${from} AS f, ${to} AS t),
    e AS (
      SELECT ${bucket} AS b, ${bd.expr} AS bd, e.profile_id, ${m.value} AS v
        FROM ${people ? "event_people" : "events"} e ${bd.join}, bounds
       WHERE e.workspace_id = ${ws} AND e.event = ${p.add(s.event)} AND ${where}${seriesFilterSql(s, p)}${segment}
    ),
    top AS (SELECT bd FROM e WHERE bd IS NOT NULL GROUP BY bd ORDER BY count(*) DESC, bd LIMIT ${p.add(insight.top, "::int")}),
    g AS (
      SELECT b, CASE WHEN bd IS NULL THEN ${insight.breakdown ? "'(none)'" : "NULL"} WHEN bd IN (SELECT bd FROM top) THEN bd ELSE 'Other' END AS bd, profile_id, v FROM e
    )
    SELECT to_char(b, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket, bd, ${m.agg} AS value
      FROM g GROUP BY GROUPING SETS ((b, bd), (bd))`;
  return { sql, params: p.values };
}

/** Hourly counts answer a series that counts events with no filter, breakdown or segment. */
export function canUseRollups(insight: TrendsInsight, s: Series): boolean {
  return s.measure === "count" && s.filters.length === 0 && !insight.breakdown && !insight.segmentId;
}

/** Hourly counts per value answer a count with no filter or segment broken down by a property whose rollup is ready. */
export function canUseBreakdownRollups(insight: TrendsInsight, s: Series, ready: Set<string>): boolean {
  return s.measure === "count" && s.filters.length === 0 && !insight.segmentId && insight.breakdown?.kind === "property" && ready.has(readyKey(s.event, insight.breakdown.property));
}

/** What a run may read instead of the events: false, or the hourly counts, the ready breakdowns and (`people`) event_people. */
export type Rollups = false | { breakdowns: Set<string>; people?: boolean };

/** Unique people with no filter nor property breakdown come from who did the event each hour. */
export function uniquesFromPeople(insight: TrendsInsight, s: Series): boolean {
  return s.measure === "uniques" && s.filters.length === 0 && insight.breakdown?.kind !== "property";
}

/** Whether hours in this timezone start on whole hours of UTC (not India's +05:30, say). */
export function wholeHourOffset(timezone: string, at = new Date()): boolean {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" }).formatToParts(at).find((x) => x.type === "timeZoneName")?.value ?? "";
    return name === "GMT" || /[+-]\d{2}:00$/.test(name);
  } catch {
    return false;
  }
}

/** The buckets of the range, in the workspace's local time. */
function bucketsSql(insight: TrendsInsight, timezone: string, previous: boolean): { sql: string; params: unknown[] } {
  const p = new Params();
  const tz = p.add(timezone);
  const { from, to } = rangeSql(insight.range, tz, p, previous);
  const step = p.add(`1 ${insight.interval}`, "::interval");
  return {
    sql: `SELECT to_char(g, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket, ${from} AS f, ${to} AS t
            FROM generate_series(${bucketSql(insight.interval, from, tz)}, ${bucketSql(insight.interval, `(${to} - interval '1 millisecond')`, tz)}, ${step}) g`,
    params: p.values,
  };
}

type Row = { bucket: string | null; bd: string | null; value: number | null };

function seriesLabel(s: Series): string {
  return s.measure === "sum" || s.measure === "avg" ? `${s.event}: ${MEASURE_LABELS[s.measure].toLowerCase()} ${s.property}` : `${s.event}: ${MEASURE_LABELS[s.measure].toLowerCase()}`;
}

/** Runs a trends insight: every series (and the previous period when comparing), cancellable, with a statement timeout. */
export async function runTrends(opts: { workspaceId: string; insight: TrendsInsight; signal?: AbortSignal; rollups?: boolean }): Promise<TrendsResult> {
  const started = Date.now();
  const { insight } = opts;
  const timezone = await workspaceTimezone(opts.workspaceId);
  const rollups: Rollups = opts.rollups !== false && wholeHourOffset(timezone) && (await rollupsReady(opts.workspaceId)) && { breakdowns: await readyBreakdowns(opts.workspaceId), people: await eventPeopleReady(opts.workspaceId) };
  const run = <R extends object>(q: { sql: string; params: unknown[] }) => cancellableQuery<R & Record<string, unknown>>(q.sql, q.params, { signal: opts.signal, timeoutMs: QUERY_TIMEOUT_MS, workMem: "64MB", tooLong: TOO_LONG });
  const bucketRows = await run<{ bucket: string; f: Date; t: Date }>(bucketsSql(insight, timezone, false));
  if (bucketRows.length > MAX_BUCKETS) throw new AppError("invalid_input", `That is ${bucketRows.length.toLocaleString("en-US")} ${insight.interval}s: choose a longer interval or a shorter range (at most ${MAX_BUCKETS}).`);
  const buckets = bucketRows.map((r) => r.bucket);
  const previousBuckets = insight.compare ? (await run<{ bucket: string }>(bucketsSql(insight, timezone, true))).map((r) => r.bucket) : [];
  const results = await Promise.all(
    insight.series.map(async (s, i) => {
      const [now, before] = await Promise.all([
        run<Row>(seriesSql(insight, s, opts.workspaceId, timezone, false, rollups)),
        insight.compare ? run<Row>(seriesSql(insight, s, opts.workspaceId, timezone, true, rollups)) : Promise.resolve([] as Row[]),
      ]);
      return { s, i, now, before };
    }),
  );
  const lines: TrendLine[] = [];
  for (const { s, i, now, before } of results) {
    const keys = new Map<string | null, { total: number; values: Map<string, number> }>();
    for (const r of now) {
      const k = keys.get(r.bd) ?? { total: 0, values: new Map() };
      if (r.bucket === null) k.total = Number(r.value ?? 0);
      else k.values.set(r.bucket, Number(r.value ?? 0));
      keys.set(r.bd, k);
    }
    if (keys.size === 0) keys.set(null, { total: 0, values: new Map() });
    const prev = new Map<string | null, { total: number; values: Map<string, number> }>();
    for (const r of before) {
      const k = prev.get(r.bd) ?? { total: 0, values: new Map() };
      if (r.bucket === null) k.total = Number(r.value ?? 0);
      else k.values.set(r.bucket, Number(r.value ?? 0));
      prev.set(r.bd, k);
    }
    const order = [...keys.entries()].sort((a, b) => (a[0] === "Other" ? 1 : b[0] === "Other" ? -1 : b[1].total - a[1].total));
    for (const [bd, k] of order) {
      const base = seriesLabel(s);
      const line: TrendLine = { key: `${i}:${bd ?? ""}`, label: bd === null ? base : `${base} · ${bd}`, series: i, breakdown: bd, values: buckets.map((b) => k.values.get(b) ?? 0), total: k.total };
      if (insight.compare) {
        const pk = prev.get(bd);
        line.previous = previousBuckets.map((b) => pk?.values.get(b) ?? 0);
        line.previousTotal = pk?.total ?? 0;
      }
      lines.push(line);
    }
  }
  return { buckets, lines, from: bucketRows[0]?.f.toISOString() ?? "", to: bucketRows[0]?.t.toISOString() ?? "", timezone, ms: Date.now() - started };
}

/** The result as CSV: one row per line, one column per bucket, and the total. */
export function trendsCsv(r: TrendsResult): string {
  const head = ["series", ...r.buckets, "total"].map(csvCell).join(",");
  return [head, ...r.lines.map((l) => [l.label, ...l.values, l.total].map(csvCell).join(","))].join("\n") + "\n";
}
