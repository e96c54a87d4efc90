import { cancellableQuery } from "../db/cancellable";
import { inSample, SAMPLE_EVERY } from "../segments/compile";
import { intervalOf, Params, pathOf } from "../segments/sql";
import type { SegmentDefinition } from "../segments/schema";
import type { FunnelInsight } from "./schema";
import { rangeSql, seriesFilterSql } from "./sql";
import { eventPeopleReady } from "./people";
import { QUERY_TIMEOUT_MS, wholeHourOffset, workspaceTimezone } from "./trends";

export type FunnelStepResult = { event: string; count: number; conversion: number; fromPrevious: number; droppedOff: number; medianSecondsFromPrevious: number | null };
export type FunnelGroup = { breakdown: string | null; steps: FunnelStepResult[] };
/** Set when the counts are estimated from the sample of one person in `every` (`sampled`: the sampled people at step 1). */
export type FunnelEstimate = { every: number; sampled: number };
export type FunnelResult = { groups: FunnelGroup[]; timezone: string; ms: number; estimate: FunnelEstimate | null };

/**
 * Each person's path through the steps: the first time they did step 1 in the range, then the
 * first step 2 after it, then the first step 3 after that, and so on, every step within the
 * conversion window of step 1. One CTE per step; each joins the person's events by (profile, time).
 * `sample`: only the fixed sample of one person in SAMPLE_EVERY (the segment preview's), read
 * through its small index: the same paths for far fewer people.
 */
function funnelCtes(insight: FunnelInsight, workspaceId: string, timezone: string, sample = false, people = false): { ctes: string[]; p: Params; from: string; to: string } {
  const sampled = sample ? ` AND ${inSample("e.profile_id")}` : "";
  const p = new Params();
  const ws = p.add(workspaceId);
  const tz = p.add(timezone);
  const { from, to } = rangeSql(insight.range, tz, p);
  const window = p.add(intervalOf(insight.window), "::interval");
  const segment = insight.segmentId ? ` AND EXISTS (SELECT 1 FROM segment_members f WHERE f.segment_id = ${p.add(insight.segmentId)} AND f.profile_id = e.profile_id)` : "";
  const bd =
    insight.breakdown?.kind === "property" ? `(array_agg(e.properties #>> ${p.add(pathOf(insight.breakdown.property), "::text[]")} ORDER BY e.ts))[1]`
    : insight.breakdown?.kind === "trait" ? `min(pr.traits #>> ${p.add(pathOf(insight.breakdown.trait), "::text[]")})`
    : "NULL::text";
  const join = insight.breakdown?.kind === "trait" ? "LEFT JOIN profiles pr ON pr.id = e.profile_id" : "";
  const first = insight.steps[0]!;
  const ctes = [`bounds AS (SELECT ${from} AS f, ${to} AS t)`];
  if (people && firstStepFromPeople(insight)) {
    // Step 1 from who did it in each hour (the range starts and ends on whole hours): the first time per person.
    ctes.push(`s1 AS (SELECT e.profile_id, min(e.first_ts) AS t1, min(e.first_ts) AS t, ${bd} AS bd FROM event_people e ${join}
             WHERE e.workspace_id = ${ws} AND e.event = ${p.add(first.event)} AND e.hour >= (SELECT f FROM bounds) AND e.hour < (SELECT t FROM bounds) AND e.first_ts < (SELECT t FROM bounds)${segment}
             GROUP BY e.profile_id)`);
  } else {
    ctes.push(
    // The range as InitPlan parameters (not a join with bounds): an index range scan, no nested loop.
    `s1 AS (SELECT e.profile_id, min(e.ts) AS t1, min(e.ts) AS t, ${bd} AS bd FROM events e ${join}
             WHERE e.workspace_id = ${ws} AND e.event = ${p.add(first.event)}${sampled} AND e.ts >= (SELECT f FROM bounds) AND e.ts < (SELECT t FROM bounds)${seriesFilterSql(first, p)}${segment}
             GROUP BY e.profile_id)`);
  }
  insight.steps.slice(1).forEach((step, i) => {
    const prev = `s${i + 1}`;
    // Grouped by the person alone (one row of the previous step each: its columns are taken as they are).
    ctes.push(`s${i + 2} AS (SELECT s.profile_id, min(s.t1) AS t1, min(s.bd) AS bd, min(e.ts) AS t, min(e.ts) - min(s.t) AS took FROM ${prev} s
             JOIN events e ON e.workspace_id = ${ws} AND e.profile_id = s.profile_id AND e.event = ${p.add(step.event)}${sampled} AND e.ts > s.t AND e.ts <= s.t1 + ${window}
              AND e.ts >= (SELECT f FROM bounds) AND e.ts <= (SELECT t FROM bounds) + ${window}${seriesFilterSql(step, p)}
             GROUP BY s.profile_id)`);
  });
  return { ctes, p, from, to };
}

/** Step 1 can be read from `event_people` when it has no filter and nothing is broken down by a property of it. */
export function firstStepFromPeople(insight: FunnelInsight): boolean {
  return insight.steps[0]!.filters.length === 0 && insight.breakdown?.kind !== "property";
}

export function funnelSql(insight: FunnelInsight, workspaceId: string, timezone: string, sample = false, people = false): { sql: string; params: unknown[] } {
  const { ctes, p } = funnelCtes(insight, workspaceId, timezone, sample, people);
  if (!insight.breakdown) {
    // No breakdown: each step counted straight from its CTE (no join back to the first step's people).
    const selects = insight.steps.map((_, i) =>
      i === 0 ? `SELECT NULL::text AS grp, 1 AS step, count(*) AS n, NULL::float8 AS median FROM s1` : `SELECT NULL::text, ${i + 1}, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM took))::float8 FROM s${i + 1}`,
    );
    return { sql: `WITH ${ctes.join(",\n")}\n${selects.join("\nUNION ALL\n")}`, params: p.values };
  }
  const groups = `g AS (SELECT CASE WHEN bd IS NULL THEN ${insight.breakdown ? "'(none)'" : "NULL"} WHEN bd IN (SELECT bd FROM s1 WHERE bd IS NOT NULL GROUP BY bd ORDER BY count(*) DESC, bd LIMIT ${p.add(insight.top, "::int")}) THEN bd ELSE 'Other' END AS grp, profile_id FROM s1)`;
  const selects = insight.steps.map((_, i) =>
    i === 0
      ? `SELECT g.grp, 1 AS step, count(*) AS n, NULL::float8 AS median FROM g GROUP BY g.grp`
      : `SELECT g.grp, ${i + 1}, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.took))::float8 FROM s${i + 1} s JOIN g USING (profile_id) GROUP BY g.grp`,
  );
  return { sql: `WITH ${[...ctes, groups].join(",\n")}\n${selects.join("\nUNION ALL\n")}`, params: p.values };
}

/** Up to 100 people who reached step `k` (1-based) but not the next one, newest first; and the range as instants. */
export async function funnelDropOffs(opts: { workspaceId: string; insight: FunnelInsight; step: number; signal?: AbortSignal }): Promise<{ profileIds: string[]; from: string; to: string }> {
  const timezone = await workspaceTimezone(opts.workspaceId);
  const { ctes, p } = funnelCtes(opts.insight, opts.workspaceId, timezone);
  const k = Math.min(Math.max(1, opts.step), opts.insight.steps.length - 1);
  const sql = `WITH ${ctes.join(",\n")}
    SELECT x.id, b.f, b.t FROM bounds b LEFT JOIN LATERAL (
      SELECT a.profile_id::text AS id, a.t FROM s${k} a WHERE NOT EXISTS (SELECT 1 FROM s${k + 1} n WHERE n.profile_id = a.profile_id) ORDER BY a.t DESC LIMIT 100
    ) x ON true ORDER BY x.t DESC`;
  const rows = await cancellableQuery<{ id: string | null; f: Date; t: Date }>(sql, p.values, { signal: opts.signal, timeoutMs: QUERY_TIMEOUT_MS, workMem: "128MB", tooLong: "Narrow the funnel's date range." });
  return { profileIds: rows.flatMap((r) => (r.id ? [r.id] : [])), from: rows[0]!.f.toISOString(), to: rows[0]!.t.toISOString() };
}

/**
 * Counts the funnel: exactly, or with `sample` from the sample of one person in SAMPLE_EVERY, the
 * counts scaled up (conversion rates and median times are the sample's own).
 */
export async function runFunnel(opts: { workspaceId: string; insight: FunnelInsight; signal?: AbortSignal; sample?: boolean; rollups?: boolean }): Promise<FunnelResult> {
  const started = Date.now();
  const timezone = await workspaceTimezone(opts.workspaceId);
  // Hours start on whole hours of UTC here, so a range is whole hours of event_people.
  const people = !opts.sample && opts.rollups !== false && firstStepFromPeople(opts.insight) && wholeHourOffset(timezone) && (await eventPeopleReady(opts.workspaceId));
  const q = funnelSql(opts.insight, opts.workspaceId, timezone, opts.sample, people);
  const scale = opts.sample ? SAMPLE_EVERY : 1;
  const rows = await cancellableQuery<{ grp: string | null; step: number; n: string; median: number | null }>(q.sql, q.params, {
    signal: opts.signal,
    timeoutMs: QUERY_TIMEOUT_MS,
    workMem: "128MB",
    tooLong: "Narrow the question: a shorter date range, a shorter conversion window, or a filter on the first step.",
  });
  const byGroup = new Map<string | null, Map<number, { n: number; median: number | null }>>();
  for (const r of rows) {
    const m = byGroup.get(r.grp) ?? new Map();
    m.set(r.step, { n: Number(r.n) * scale, median: r.median });
    byGroup.set(r.grp, m);
  }
  if (byGroup.size === 0) byGroup.set(null, new Map());
  const groups: FunnelGroup[] = [...byGroup.entries()]
    .map(([grp, m]) => {
      const first = m.get(1)?.n ?? 0;
      const steps = opts.insight.steps.map((s, i) => {
        const n = m.get(i + 1)?.n ?? 0;
        const prev = i === 0 ? n : (m.get(i)?.n ?? 0);
        const next = m.get(i + 2)?.n;
        return {
          event: s.event,
          count: n,
          conversion: first ? n / first : 0,
          fromPrevious: prev ? n / prev : 0,
          droppedOff: next === undefined ? (i + 1 < opts.insight.steps.length ? n : 0) : n - next,
          medianSecondsFromPrevious: m.get(i + 1)?.median ?? null,
        };
      });
      return { breakdown: grp, steps };
    })
    .sort((a, b) => (a.breakdown === "Other" ? 1 : b.breakdown === "Other" ? -1 : b.steps[0]!.count - a.steps[0]!.count || String(a.breakdown).localeCompare(String(b.breakdown))));
  const sampled = groups.reduce((n, g) => n + (g.steps[0]?.count ?? 0), 0) / scale;
  return { groups, timezone, ms: Date.now() - started, estimate: opts.sample ? { every: SAMPLE_EVERY, sampled } : null };
}

/**
 * The people who reached step `k` (1-based) but not step k + 1, as a segment definition: did
 * step k-1 then step k within the window (for k > 1), and step k not followed by step k + 1 within it.
 * (The segment checks each pair; the funnel counts the whole path from step 1.)
 */
export function dropOffDefinition(insight: FunnelInsight, k: number, range: { from: string; to: string }): SegmentDefinition {
  const step = (i: number) => ({ event: insight.steps[i]!.event, filters: insight.steps[i]!.filters });
  const window = { kind: "between" as const, from: range.from, to: range.to };
  const conditions: SegmentDefinition["conditions"] = [];
  if (k > 1) conditions.push({ type: "sequence", first: step(k - 2), then: step(k - 1), followed: true, within: insight.window, window });
  conditions.push({ type: "sequence", first: step(k - 1), then: step(k), followed: false, within: insight.window, window });
  return { type: "group", op: "and", conditions };
}
