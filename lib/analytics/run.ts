import { csvCell } from "../csv";
import { runFunnel, type FunnelResult } from "./funnel";
import type { Insight } from "./schema";
import { runRetention, type RetentionResult } from "./retention";
import { runTrends, trendsCsv, type TrendsResult } from "./trends";

export type InsightResult = { type: "trends"; trends: TrendsResult } | { type: "funnel"; funnel: FunnelResult } | { type: "retention"; retention: RetentionResult };

/** Runs any insight; the query is cancelled in PostgreSQL when the signal aborts. */
export async function runInsight(opts: { workspaceId: string; insight: Insight; signal?: AbortSignal }): Promise<InsightResult> {
  if (opts.insight.type === "trends") return { type: "trends", trends: await runTrends({ ...opts, insight: opts.insight }) };
  if (opts.insight.type === "funnel") return { type: "funnel", funnel: await runFunnel({ ...opts, insight: opts.insight }) };
  return { type: "retention", retention: await runRetention({ ...opts, insight: opts.insight }) };
}

/** An insight's data as CSV. */
export function insightCsv(r: InsightResult): string {
  if (r.type === "trends") return trendsCsv(r.trends);
  if (r.type === "retention") {
    const head = ["cohort", "people", ...Array.from({ length: r.retention.periods + 1 }, (_, k) => `${r.retention.period} ${k}`)].map(csvCell).join(",");
    return [head, ...r.retention.cohorts.map((c) => [c.start, c.size, ...c.returned].map(csvCell).join(","))].join("\n") + "\n";
  }
  const head = ["breakdown", "step", "event", "people", "conversion", "from previous step", "dropped off", "median seconds from previous step"].map(csvCell).join(",");
  const rows = r.funnel.groups.flatMap((g) => g.steps.map((s, i) => [g.breakdown ?? "", i + 1, s.event, s.count, s.conversion.toFixed(4), s.fromPrevious.toFixed(4), s.droppedOff, s.medianSecondsFromPrevious ?? ""].map(csvCell).join(",")));
  return [head, ...rows].join("\n") + "\n";
}
