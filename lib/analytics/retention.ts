import { cancellableQuery } from "../db/cancellable";
import { Params } from "../segments/sql";
import type { RetentionInsight } from "./schema";
import { rangeSql, seriesFilterSql } from "./sql";
import { QUERY_TIMEOUT_MS, workspaceTimezone } from "./trends";

/** `returned[k]`: how many came back in period k; null while period k has not begun. */
export type Cohort = { start: string; size: number; returned: (number | null)[] };
export type RetentionResult = { cohorts: Cohort[]; periods: number; period: RetentionInsight["period"]; /** Share returning per period, over the cohorts old enough to have that period. */ average: (number | null)[]; timezone: string; ms: number };

/** Whole periods between the cohort's period (local) and the event's, in the workspace's timezone. */
function offsetSql(period: RetentionInsight["period"], ts: string, cohort: string, tz: string): string {
  const local = `(${ts} AT TIME ZONE ${tz})`;
  if (period === "day") return `(date_trunc('day', ${local})::date - ${cohort}::date)`;
  if (period === "week") return `((date_trunc('week', ${local})::date - ${cohort}::date) / 7)`;
  return `((extract(year FROM ${local}) - extract(year FROM ${cohort})) * 12 + extract(month FROM ${local}) - extract(month FROM ${cohort}))::int`;
}

/**
 * Cohorts by the period of each person's first cohort event (or entering the segment) in the range;
 * for each later period 0..N, how many of them did the return event in it (period 0: after their
 * start, in the same period).
 */
export function retentionSql(insight: RetentionInsight, workspaceId: string, timezone: string): { sql: string; params: unknown[] } {
  const p = new Params();
  const ws = p.add(workspaceId);
  const tz = p.add(timezone);
  const { from, to } = rangeSql(insight.range, tz, p);
  const only = insight.segmentId ? ` AND EXISTS (SELECT 1 FROM segment_members f WHERE f.segment_id = ${p.add(insight.segmentId)} AND f.profile_id = x.profile_id)` : "";
  const starts =
    insight.cohort.kind === "event"
      ? `SELECT e.profile_id, min(e.ts) AS t0 FROM events e, bounds WHERE e.workspace_id = ${ws} AND e.event = ${p.add(insight.cohort.event)} AND e.ts >= bounds.f AND e.ts < bounds.t${seriesFilterSql(insight.cohort, p)} GROUP BY e.profile_id`
      : `SELECT c.profile_id, min(c.at) AS t0 FROM segment_changes c, bounds WHERE c.workspace_id = ${ws} AND c.segment_id = ${p.add(insight.cohort.segmentId)} AND c.entered AND c.at >= bounds.f AND c.at < bounds.t GROUP BY c.profile_id`;
  const n = p.add(insight.periods, "::int");
  const span = p.add(`1 ${insight.period}`, "::interval");
  const sql = `
    WITH bounds AS (SELECT ${from} AS f, ${to} AS t),
    x AS (${starts}),
    c AS (SELECT x.profile_id, x.t0, date_trunc('${insight.period}', x.t0 AT TIME ZONE ${tz}) AS cohort FROM x WHERE true${only}),
    r AS (
      SELECT DISTINCT c.profile_id, c.cohort, ${offsetSql(insight.period, "e.ts", "c.cohort", tz)} AS k
        FROM c JOIN events e ON e.workspace_id = ${ws} AND e.profile_id = c.profile_id AND e.event = ${p.add(insight.returnEvent.event)}
         AND e.ts > c.t0 AND e.ts < (c.cohort + (${n} + 1) * ${span}) AT TIME ZONE ${tz}${seriesFilterSql(insight.returnEvent, p)}
    )
    SELECT to_char(cohort, 'YYYY-MM-DD') AS cohort, NULL::int AS k, count(*) AS n FROM c GROUP BY cohort
    UNION ALL
    SELECT to_char(cohort, 'YYYY-MM-DD'), k, count(*) FROM r WHERE k BETWEEN 0 AND ${n} GROUP BY cohort, k`;
  return { sql, params: p.values };
}

export async function runRetention(opts: { workspaceId: string; insight: RetentionInsight; signal?: AbortSignal; now?: Date }): Promise<RetentionResult> {
  const started = Date.now();
  const timezone = await workspaceTimezone(opts.workspaceId);
  const q = retentionSql(opts.insight, opts.workspaceId, timezone);
  const rows = await cancellableQuery<{ cohort: string; k: number | null; n: string }>(q.sql, q.params, {
    signal: opts.signal,
    timeoutMs: QUERY_TIMEOUT_MS,
    workMem: "128MB",
    tooLong: "Narrow the question: a shorter range of cohorts, fewer periods, or a filter on the cohort event.",
  });
  const { periods } = opts.insight;
  const byCohort = new Map<string, Cohort>();
  for (const r of rows) {
    const c = byCohort.get(r.cohort) ?? { start: r.cohort, size: 0, returned: Array(periods + 1).fill(0) };
    if (r.k === null) c.size = Number(r.n);
    else c.returned[r.k] = Number(r.n);
    byCohort.set(r.cohort, c);
  }
  const cohorts = [...byCohort.values()].sort((a, b) => a.start.localeCompare(b.start));
  // A cohort has period k once its start plus k periods has begun; later cells are still unknown.
  const now = opts.now ?? new Date();
  const begun = (c: Cohort, k: number) => {
    const d = new Date(`${c.start}T00:00:00Z`);
    if (opts.insight.period === "day") d.setUTCDate(d.getUTCDate() + k);
    else if (opts.insight.period === "week") d.setUTCDate(d.getUTCDate() + 7 * k);
    else d.setUTCMonth(d.getUTCMonth() + k);
    return d.getTime() <= now.getTime();
  };
  for (const c of cohorts) c.returned = c.returned.map((n, k) => (begun(c, k) ? n : null));
  const average = Array.from({ length: periods + 1 }, (_, k) => {
    const eligible = cohorts.filter((c) => c.size > 0 && c.returned[k] !== null);
    const size = eligible.reduce((s, c) => s + c.size, 0);
    return size ? eligible.reduce((s, c) => s + (c.returned[k] ?? 0), 0) / size : null;
  });
  return { cohorts, periods, period: opts.insight.period, average, timezone, ms: Date.now() - started };
}
