"use client";
import { Download } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { VIEWS, type FunnelInsight, type Insight, type RetentionInsight, type SegmentSizesInsight, type TopInsight, type TrendsInsight } from "@/lib/analytics/schema";
import type { SavedInsight } from "@/lib/analytics/store";
import { useVocabulary } from "@/components/segments/use-vocabulary";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SegmentSizesForm, TopForm } from "./explore-forms";
import { FunnelForm } from "./funnel-form";
import { readyFilters } from "./property-filters";
import { RetentionForm } from "./retention-form";
import { downloadCsv, InsightView, useInsight } from "./insight-result";
import { readyBreakdown, TrendsForm } from "./trends-form";
import { inlineControl as control } from "@/components/ui/field";

const VIEW_LABELS: Record<string, string> = { line: "Line", bar: "Bar", area: "Area", number: "Number" };

function newTrend(event: string): TrendsInsight {
  return { type: "trends", series: [{ event, measure: "count", filters: [] }], range: { kind: "last", amount: 30, unit: "days" }, interval: "day", breakdown: null, top: 5, compare: false, segmentId: null, view: "line" };
}
function newFunnel(events: string[]): FunnelInsight {
  const pick = (name: string, i: number) => (events.includes(name) ? name : (events[i] ?? ""));
  return {
    type: "funnel",
    steps: [{ event: pick("Product Viewed", 0), filters: [] }, { event: pick("Product Added", 1), filters: [] }, { event: pick("Order Completed", 2), filters: [] }],
    window: { amount: 1, unit: "days" },
    range: { kind: "last", amount: 30, unit: "days" },
    breakdown: null,
    top: 5,
    segmentId: null,
  };
}

function newRetention(events: string[]): RetentionInsight {
  const pick = (name: string, i: number) => (events.includes(name) ? name : (events[i] ?? ""));
  return { type: "retention", cohort: { kind: "event", event: pick("Signed Up", 0), filters: [] }, returnEvent: { event: pick("Order Completed", 1), filters: [] }, period: "week", periods: 8, range: { kind: "last", amount: 8, unit: "weeks" }, segmentId: null, view: "table" };
}

function newSegmentSizes(segmentIds: string[]): SegmentSizesInsight {
  return { type: "segments", segmentIds: segmentIds.slice(0, 3), range: { kind: "last", amount: 30, unit: "days" }, interval: "day", view: "line" };
}
function newTop(): TopInsight {
  return { type: "top", of: "events", event: "", property: "", range: { kind: "last", amount: 30, unit: "days" }, limit: 10, segmentId: null };
}

/** What is sent: breakdowns still being chosen are left out. */
function sendable(i: Insight): Insight {
  if (i.type === "segments" || i.type === "top") return i;
  if (i.type === "retention") return { ...i, returnEvent: { ...i.returnEvent, filters: readyFilters(i.returnEvent.filters) } };
  if (i.type === "trends") return { ...i, breakdown: readyBreakdown(i.breakdown), series: i.series.map((s) => ({ ...s, filters: readyFilters(s.filters) })) };
  const b = i.breakdown;
  return { ...i, breakdown: b && (b.kind === "trait" ? b.trait : b.property) ? b : null, steps: i.steps.map((s) => ({ ...s, filters: readyFilters(s.filters) })) };
}

/** Build a trend or a funnel; the result follows as you change it; save it onto a dashboard. */
export function InsightEditor(props: { events: string[]; dashboards: { id: string; name: string }[]; canWrite: boolean; canSaveSegments: boolean; saved?: SavedInsight; startWith?: "trends" | "funnel" | "retention" }) {
  const router = useRouter();
  const vocabulary = useVocabulary();
  const firstEvent = props.events.includes("Order Completed") ? "Order Completed" : (props.events[0] ?? "");
  const [insight, setInsight] = useState<Insight>(props.saved?.definition ?? fresh(props.startWith ?? "trends"));
  function fresh(t: Insight["type"]): Insight {
    if (t === "segments") return newSegmentSizes((vocabulary.data?.segments ?? []).map((s) => s.id));
    if (t === "top") return newTop();
    return t === "funnel" ? newFunnel(props.events) : t === "retention" ? newRetention(props.events) : newTrend(firstEvent);
  }
  const [name, setName] = useState(props.saved?.name ?? "");
  const [dashboardId, setDashboardId] = useState(props.dashboards[0]?.id ?? "");
  const [newDashboard, setNewDashboard] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const query = useInsight(sendable(insight));

  async function save() {
    setBusy(true);
    setError(null);
    try {
      if (props.saved) {
        await api(`/api/insights/${props.saved.id}`, { method: "PUT", body: { name, definition: sendable(insight) } });
        router.back();
      } else {
        const r = await api<{ dashboardId: string }>("/api/insights", { method: "POST", body: { name, definition: sendable(insight), ...(dashboardId ? { dashboardId } : { newDashboardName: newDashboard }) } });
        router.push(`/dashboards/${r.dashboardId}`);
      }
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <Card
        title={
          <div role="tablist" aria-label="Insight type" className="flex gap-1">
            {(["trends", "funnel", "retention", "segments", "top"] as const).map((t) => (
              <button
                key={t}
                role="tab"
                type="button"
                aria-selected={insight.type === t}
                disabled={Boolean(props.saved)}
                onClick={() => setInsight(fresh(t))}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${insight.type === t ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {{ trends: "Trends", funnel: "Funnel", retention: "Retention", segments: "Segment sizes", top: "Top events" }[t]}
              </button>
            ))}
          </div>
        }
      >
        {insight.type === "trends" && <TrendsForm value={insight} onChange={setInsight} vocabulary={vocabulary.data} />}
        {insight.type === "funnel" && <FunnelForm value={insight} onChange={setInsight} vocabulary={vocabulary.data} />}
        {insight.type === "retention" && <RetentionForm value={insight} onChange={setInsight} vocabulary={vocabulary.data} />}
        {insight.type === "segments" && <SegmentSizesForm value={insight} onChange={setInsight} vocabulary={vocabulary.data} />}
        {insight.type === "top" && <TopForm value={insight} onChange={setInsight} vocabulary={vocabulary.data} />}
      </Card>
      <Card
        title="Result"
        actions={
          <div className="flex items-center gap-2">
            {insight.type === "retention" && (
              <div role="group" aria-label="View" className="flex rounded-md ring-1 ring-slate-300">
                {(["table", "curve"] as const).map((v) => (
                  <button key={v} type="button" aria-pressed={insight.view === v} onClick={() => setInsight({ ...insight, view: v })} className={`px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md ${insight.view === v ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"}`}>
                    {v === "table" ? "Heat map" : "Curve"}
                  </button>
                ))}
              </div>
            )}
            {insight.type === "trends" && (
              <div role="group" aria-label="View" className="flex rounded-md ring-1 ring-slate-300">
                {VIEWS.map((v) => (
                  <button key={v} type="button" aria-pressed={insight.view === v} onClick={() => setInsight({ ...insight, view: v })} className={`px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md ${insight.view === v ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"}`}>
                    {VIEW_LABELS[v]}
                  </button>
                ))}
              </div>
            )}
            <Button variant="secondary" disabled={!query.data} onClick={() => downloadCsv(sendable(insight)).catch((e: Error) => setError(e.message))}>
              <Download aria-hidden className="h-4 w-4" /> CSV
            </Button>
          </div>
        }
      >
        <InsightView insight={sendable(insight)} query={query} canSaveSegments={props.canSaveSegments} />
      </Card>
      {props.canWrite && (
        <Card title={props.saved ? "Save changes" : "Save to a dashboard"}>
          <div className="flex flex-wrap items-end gap-3 text-sm">
            <label className="flex flex-col gap-1">
              <span className="font-medium text-slate-700">Name</span>
              <input aria-label="Insight name" className={`${control} w-72`} value={name} onChange={(e) => setName(e.target.value)} placeholder={insight.type === "funnel" ? "Checkout funnel" : "Orders per day"} />
            </label>
            {!props.saved && (
              <label className="flex flex-col gap-1">
                <span className="font-medium text-slate-700">Dashboard</span>
                <select aria-label="Dashboard" className={control} value={dashboardId} onChange={(e) => setDashboardId(e.target.value)}>
                  {props.dashboards.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                  <option value="">A new dashboard…</option>
                </select>
              </label>
            )}
            {!props.saved && !dashboardId && (
              <label className="flex flex-col gap-1">
                <span className="font-medium text-slate-700">New dashboard&rsquo;s name</span>
                <input aria-label="New dashboard name" className={control} value={newDashboard} onChange={(e) => setNewDashboard(e.target.value)} placeholder="Growth" />
              </label>
            )}
            <Button onClick={save} busy={busy} disabled={!name.trim()}>
              {props.saved ? "Save" : "Save to dashboard"}
            </Button>
          </div>
          {error && (
            <div className="mt-3">
              <Alert>{error}</Alert>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
