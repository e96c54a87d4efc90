"use client";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { INTERVALS, VIEWS, type Breakdown, type DateRange, type Series, type TrendsInsight } from "@/lib/analytics/schema";
import type { TrendsResult } from "@/lib/analytics/trends";
import { useVocabulary } from "@/components/segments/use-vocabulary";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useDebounced } from "@/components/ui/use-debounced";
import { SeriesEditor } from "./series-editor";
import { bucketLabel, formatValue, TrendChart } from "./trend-chart";

const control = "rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500";
const PRESETS: { label: string; range: DateRange }[] = [
  { label: "Last 7 days", range: { kind: "last", amount: 7, unit: "days" } },
  { label: "Last 30 days", range: { kind: "last", amount: 30, unit: "days" } },
  { label: "Last 90 days", range: { kind: "last", amount: 90, unit: "days" } },
  { label: "Last 12 weeks", range: { kind: "last", amount: 12, unit: "weeks" } },
  { label: "Last 6 months", range: { kind: "last", amount: 6, unit: "months" } },
];
const VIEW_LABELS: Record<string, string> = { line: "Line", bar: "Bar", area: "Area", number: "Number" };

async function downloadCsv(insight: TrendsInsight) {
  const res = await fetch("/api/insights/export", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(insight) });
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? "Export failed");
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = "trend.csv";
  a.click();
  URL.revokeObjectURL(url);
}

/** Build a trend: series, date range, interval, breakdown, comparison; the chart follows as you change it. */
export function TrendsExplorer({ initialEvent }: { initialEvent: string }) {
  const vocabulary = useVocabulary();
  const events = vocabulary.data?.events ?? [];
  const [series, setSeries] = useState<Series[]>([{ event: initialEvent, measure: "count", filters: [] }]);
  const [preset, setPreset] = useState("Last 30 days");
  const [custom, setCustom] = useState({ from: "", to: "" });
  const [interval, setInterval] = useState<TrendsInsight["interval"]>("day");
  const [breakdownKind, setBreakdownKind] = useState<"" | Breakdown["kind"]>("");
  const [breakdownField, setBreakdownField] = useState("");
  const [compare, setCompare] = useState(false);
  const [segmentId, setSegmentId] = useState("");
  const [view, setView] = useState<TrendsInsight["view"]>("line");
  const [exportError, setExportError] = useState<string | null>(null);

  const range: DateRange = preset === "custom" ? { kind: "between", from: custom.from, to: custom.to } : PRESETS.find((p) => p.label === preset)!.range;
  const breakdown: Breakdown | null =
    breakdownKind === "property" && breakdownField ? { kind: "property", property: breakdownField }
    : breakdownKind === "trait" && breakdownField ? { kind: "trait", trait: breakdownField }
    : breakdownKind === "segment" && breakdownField ? { kind: "segment", segmentIds: [breakdownField] }
    : null;
  const insight: TrendsInsight = { type: "trends", series, range, interval, breakdown, top: 5, compare, segmentId: segmentId || null, view };
  const ready = series.every((s) => s.event && (s.measure === "count" || s.measure === "uniques" || s.property)) && (range.kind === "last" || (range.from && range.to));
  const key = useDebounced(JSON.stringify({ ...insight, view: undefined }), 300);
  const q = useQuery({
    queryKey: ["trend", key],
    queryFn: ({ signal }) => api<{ result: TrendsResult }>("/api/insights/run", { method: "POST", body: JSON.parse(key), signal }).then((r) => r.result),
    enabled: Boolean(ready),
    placeholderData: (prev) => prev,
    retry: false,
  });
  const traits = (vocabulary.data?.traits ?? []).map((t) => t.name);
  const segments = vocabulary.data?.segments ?? [];

  return (
    <div className="space-y-6">
      <Card title="Trend">
        <div className="space-y-4">
          <SeriesEditor series={series} events={events} onChange={setSeries} />
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4 text-sm">
            <select aria-label="Date range" className={control} value={preset} onChange={(e) => setPreset(e.target.value)}>
              {PRESETS.map((p) => (
                <option key={p.label}>{p.label}</option>
              ))}
              <option value="custom">Between dates…</option>
            </select>
            {preset === "custom" && (
              <>
                <input aria-label="From" type="date" className={control} value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
                <span className="text-slate-500">to</span>
                <input aria-label="To" type="date" className={control} value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
              </>
            )}
            <select aria-label="Interval" className={control} value={interval} onChange={(e) => setInterval(e.target.value as TrendsInsight["interval"])}>
              {INTERVALS.map((i) => (
                <option key={i} value={i}>
                  by {i}
                </option>
              ))}
            </select>
            <select aria-label="Breakdown" className={control} value={breakdownKind} onChange={(e) => { setBreakdownKind(e.target.value as typeof breakdownKind); setBreakdownField(""); }}>
              <option value="">No breakdown</option>
              <option value="property">Break down by event property</option>
              <option value="trait">Break down by trait</option>
              <option value="segment">Break down by segment</option>
            </select>
            {breakdownKind === "property" && <input aria-label="Breakdown property" placeholder="property, like category" className={control} value={breakdownField} onChange={(e) => setBreakdownField(e.target.value)} />}
            {breakdownKind === "trait" && (
              <select aria-label="Breakdown trait" className={control} value={breakdownField} onChange={(e) => setBreakdownField(e.target.value)}>
                <option value="">Choose a trait…</option>
                {traits.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            )}
            {breakdownKind === "segment" && (
              <select aria-label="Breakdown segment" className={control} value={breakdownField} onChange={(e) => setBreakdownField(e.target.value)}>
                <option value="">Choose a segment…</option>
                {segments.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
            <select aria-label="Only people in" className={control} value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
              <option value="">Everyone</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  Only {s.name}
                </option>
              ))}
            </select>
            <label className="flex items-center gap-2 text-slate-700">
              <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} /> Compare with the previous period
            </label>
          </div>
        </div>
      </Card>
      <Card
        title={q.data ? `${bucketLabel(q.data.buckets[0] ?? "", interval)} – ${bucketLabel(q.data.buckets.at(-1) ?? "", interval)} (${q.data.timezone})` : "Result"}
        actions={
          <div className="flex items-center gap-2">
            <div role="group" aria-label="View" className="flex rounded-md ring-1 ring-slate-300">
              {VIEWS.map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)} className={`px-3 py-1.5 text-sm ${view === v ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"} first:rounded-l-md last:rounded-r-md`}>
                  {VIEW_LABELS[v]}
                </button>
              ))}
            </div>
            <Button variant="secondary" disabled={!q.data} onClick={() => downloadCsv(insight).catch((e: Error) => setExportError(e.message))}>
              <Download aria-hidden className="h-4 w-4" /> CSV
            </Button>
          </div>
        }
      >
        {exportError && <Alert>{exportError}</Alert>}
        {!ready ? (
          <p className="text-sm text-slate-500">Choose an event (and the property to add up) to see the trend.</p>
        ) : q.error ? (
          <Alert>{(q.error as Error).message}</Alert>
        ) : !q.data ? (
          <p role="status" className="text-sm text-slate-500">Counting…</p>
        ) : (
          <div aria-busy={q.isFetching} className={q.isFetching ? "opacity-60 transition-opacity" : ""}>
            <TrendChart result={q.data} view={view} interval={interval} />
            <table className="mt-4 w-full text-sm" data-testid="trend-totals">
              <tbody className="divide-y divide-slate-100">
                {q.data.lines.map((l) => (
                  <tr key={l.key}>
                    <td className="py-1.5 pr-4 text-slate-700">{l.label}</td>
                    <td className="py-1.5 text-right font-medium tabular-nums">{formatValue(l.total)}</td>
                    {compare && <td className="py-1.5 pl-4 text-right text-xs text-slate-500 tabular-nums">previous {formatValue(l.previousTotal ?? 0)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-400">Counted in {q.data.ms} ms.</p>
          </div>
        )}
      </Card>
    </div>
  );
}
