"use client";
import { useQuery } from "@tanstack/react-query";
import type { InsightResult } from "@/lib/analytics/run";
import type { Insight } from "@/lib/analytics/schema";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { useDebounced } from "@/components/ui/use-debounced";
import { FunnelChart } from "./funnel-chart";
import { RetentionView } from "./retention-view";
import { TopView } from "./top-view";
import { formatValue, TrendChart } from "./trend-chart";

const resultOf = (r: InsightResult): { ms: number; timezone?: string } => (r.type === "trends" ? r.trends : r.type === "funnel" ? r.funnel : r.type === "retention" ? r.retention : r.type === "segments" ? r.segments : r.top);

/** Whether the insight can run: every series / step names its event, sums name their property. */
export function isReady(i: Insight): boolean {
  const rangeOk = i.range.kind === "last" || Boolean(i.range.from && i.range.to);
  if (i.type === "funnel") return rangeOk && i.steps.every((s) => s.event);
  if (i.type === "retention") return rangeOk && Boolean(i.returnEvent.event) && (i.cohort.kind === "event" ? Boolean(i.cohort.event) : Boolean(i.cohort.segmentId));
  if (i.type === "segments") return rangeOk && i.segmentIds.length > 0;
  if (i.type === "top") return rangeOk && (i.of === "events" || Boolean(i.event)) && (i.of !== "values" || Boolean(i.property));
  return rangeOk && i.series.every((s) => s.event && (s.measure === "count" || s.measure === "uniques" || s.property));
}

export async function downloadCsv(insight: Insight) {
  const res = await fetch("/api/insights/export", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(insight) });
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? "Export failed");
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `${insight.type}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

const run = (key: string, exact: boolean, signal: AbortSignal) =>
  api<{ result: InsightResult }>(`/api/insights/run${exact ? "?exact=1" : ""}`, { method: "POST", body: JSON.parse(key), signal }).then((r) => ({ ...r.result, at: new Date().toISOString() }));

/**
 * Runs the insight (debounced; a superseded request is cancelled on the server) and draws it. When
 * the first answer is an estimate (a funnel on a big workspace, from the sample), the exact one is
 * asked for at once and replaces it when it comes.
 */
export function useInsight(insight: Insight, opts: { refreshKey?: number } = {}) {
  const { view: _view, ...rest } = insight as Insight & { view?: string };
  void _view;
  const key = useDebounced(JSON.stringify(rest), 300);
  const first = useQuery({
    queryKey: ["insight", key, opts.refreshKey ?? 0],
    queryFn: ({ signal }) => run(key, false, signal),
    enabled: isReady(insight),
    placeholderData: (prev) => prev,
    retry: false,
  });
  const estimated = !first.isPlaceholderData && first.data?.type === "funnel" && first.data.funnel.estimate !== null;
  const exact = useQuery({ queryKey: ["insight-exact", key, opts.refreshKey ?? 0], queryFn: ({ signal }) => run(key, true, signal), enabled: estimated, retry: false });
  return {
    data: estimated && exact.data ? exact.data : first.data,
    error: first.error,
    isFetching: first.isFetching,
    /** The exact counts are on their way (the data shown is an estimate). */
    exactPending: estimated && !exact.data && !exact.error,
    exactError: estimated ? exact.error : null,
  };
}

export function InsightView({ insight, query, canSaveSegments, compact = false, height }: { insight: Insight; query: ReturnType<typeof useInsight>; canSaveSegments: boolean; compact?: boolean; height?: number }) {
  if (!isReady(insight))
    return (
      <p className="text-sm text-slate-500">
        {insight.type === "segments" ? "Choose one or more segments to see their sizes over time." : insight.type === "top" ? "Choose the event (and the property) to list." : "Choose the events (and the property to add up) to see the result."}
      </p>
    );
  if (query.error) return <Alert>{(query.error as Error).message}</Alert>;
  const r = query.data;
  if (!r) return <p role="status" className="text-sm text-slate-500">Counting…</p>;
  return (
    <div aria-busy={query.isFetching} className={query.isFetching ? "opacity-60 transition-opacity" : ""}>
      {r.type === "trends" && insight.type === "trends" && (
        <>
          <TrendChart result={r.trends} view={insight.view} interval={insight.interval} height={height ?? (compact ? 220 : 320)} />
          {!compact && (
            <table className="mt-4 w-full text-sm" data-testid="trend-totals">
              <tbody className="divide-y divide-slate-100">
                {r.trends.lines.map((l) => (
                  <tr key={l.key}>
                    <td className="py-1.5 pr-4 text-slate-700">{l.label}</td>
                    <td className="py-1.5 text-right font-medium tabular-nums">{formatValue(l.total)}</td>
                    {insight.compare && <td className="py-1.5 pl-4 text-right text-xs text-slate-500 tabular-nums">previous {formatValue(l.previousTotal ?? 0)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {r.type === "segments" && insight.type === "segments" && <TrendChart result={r.segments} view={insight.view} interval={insight.interval} height={height ?? (compact ? 220 : 320)} />}
      {r.type === "top" && insight.type === "top" && <TopView result={r.top} compact={compact} />}
      {r.type === "retention" && insight.type === "retention" && <RetentionView result={r.retention} view={insight.view} height={height ?? (compact ? 220 : 320)} />}
      {r.type === "funnel" && insight.type === "funnel" && (
        <FunnelChart result={r.funnel} insight={insight} canSaveSegments={canSaveSegments && !compact} exactPending={query.exactPending} exactError={query.exactError ? (query.exactError as Error).message : null} />
      )}
      {!compact && <p className="mt-2 text-xs text-slate-400">Counted in {resultOf(r).ms} ms{resultOf(r).timezone ? ` · ${resultOf(r).timezone}` : ""}</p>}
    </div>
  );
}
