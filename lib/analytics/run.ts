import { csvCell } from "../csv";
import { pool } from "../db/pool";
import { ESTIMATE_FROM, liveProfileCount } from "../segments/preview";
import { TtlCache } from "../db/ttl-cache";
import { runFunnel, type FunnelResult } from "./funnel";
import type { Insight } from "./schema";
import { runRetention, type RetentionResult } from "./retention";
import { runSegmentSizes, runTop, topCsv, type TopResult } from "./explore";
import { runTrends, trendsCsv, type TrendsResult } from "./trends";

export type InsightResult =
  | { type: "trends"; trends: TrendsResult }
  | { type: "funnel"; funnel: FunnelResult }
  | { type: "retention"; retention: RetentionResult }
  | { type: "segments"; segments: TrendsResult }
  | { type: "top"; top: TopResult };

const cache = new TtlCache<InsightResult>(5 * 60_000, 2_000);

/**
 * What the cached results were computed from: the newest acknowledged event (any workspace: the
 * dedup table's time index answers in microseconds) and this workspace's latest segment evaluation.
 * New data changes it, and every cached result of the old version is ignored.
 */
async function dataVersion(workspaceId: string): Promise<string> {
  const { rows } = await pool().query<{ v: string }>(
    "SELECT concat((SELECT max(received_at) FROM event_dedup), '/', (SELECT max(last_evaluated_at) FROM segments WHERE workspace_id = $1)) AS v",
    [workspaceId],
  );
  return rows[0]!.v;
}

/**
 * Runs any insight, from the result cache when nothing changed since (at most 5 minutes old);
 * the query is cancelled in PostgreSQL when the signal aborts.
 */
export async function runInsight(opts: { workspaceId: string; insight: Insight; signal?: AbortSignal; cache?: boolean; rollups?: boolean; exact?: boolean }): Promise<InsightResult> {
  // A funnel over a big workspace answers first from the sample (marked as an estimate); the page
  // then asks again with `exact` for the exact counts.
  const sample = opts.insight.type === "funnel" && !opts.exact && (await liveProfileCount(opts.workspaceId)) >= ESTIMATE_FROM;
  if (opts.cache === false) return compute({ ...opts, sample });
  const key = `${opts.workspaceId}\u0000${await dataVersion(opts.workspaceId)}\u0000${sample ? "sample" : "exact"}\u0000${JSON.stringify(opts.insight)}`;
  return cache.get(key, () => compute({ ...opts, sample }));
}

async function compute(opts: { workspaceId: string; insight: Insight; signal?: AbortSignal; rollups?: boolean; sample: boolean }): Promise<InsightResult> {
  if (opts.insight.type === "trends") return { type: "trends", trends: await runTrends({ ...opts, insight: opts.insight }) };
  if (opts.insight.type === "funnel") return { type: "funnel", funnel: await runFunnel({ ...opts, insight: opts.insight }) };
  if (opts.insight.type === "segments") return { type: "segments", segments: await runSegmentSizes({ ...opts, insight: opts.insight }) };
  if (opts.insight.type === "top") return { type: "top", top: await runTop({ ...opts, insight: opts.insight }) };
  return { type: "retention", retention: await runRetention({ ...opts, insight: opts.insight }) };
}

/** An insight's data as CSV. */
export function insightCsv(r: InsightResult): string {
  if (r.type === "trends") return trendsCsv(r.trends);
  if (r.type === "segments") return trendsCsv(r.segments);
  if (r.type === "top") return topCsv(r.top);
  if (r.type === "retention") {
    const head = ["cohort", "people", ...Array.from({ length: r.retention.periods + 1 }, (_, k) => `${r.retention.period} ${k}`)].map(csvCell).join(",");
    return [head, ...r.retention.cohorts.map((c) => [c.start, c.size, ...c.returned].map(csvCell).join(","))].join("\n") + "\n";
  }
  const head = ["breakdown", "step", "event", "people", "conversion", "from previous step", "dropped off", "median seconds from previous step"].map(csvCell).join(",");
  const rows = r.funnel.groups.flatMap((g) => g.steps.map((s, i) => [g.breakdown ?? "", i + 1, s.event, s.count, s.conversion.toFixed(4), s.fromPrevious.toFixed(4), s.droppedOff, s.medianSecondsFromPrevious ?? ""].map(csvCell).join(",")));
  return [head, ...rows].join("\n") + "\n";
}
