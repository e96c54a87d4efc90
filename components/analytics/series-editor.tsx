"use client";
import { Plus, X } from "lucide-react";
import { MEASURE_LABELS, MEASURES, type Series } from "@/lib/analytics/schema";
import { useEventProperties } from "@/components/segments/use-vocabulary";
import { Button } from "@/components/ui/button";
import { inlineControl as control } from "@/components/ui/field";
import { PropertyFilters } from "./property-filters";


function SeriesRow({ s, i, events, onChange, onRemove }: { s: Series; i: number; events: string[]; onChange: (s: Series) => void; onRemove?: () => void }) {
  const props = useEventProperties(s.event);
  const numeric = (props.data?.properties ?? []).filter((p) => p.type === "number").map((p) => p.name);
  const needsProperty = s.measure === "sum" || s.measure === "avg";
  return (
    <div className="space-y-1">
    <div className="flex flex-wrap items-center gap-2" data-testid="series-row">
      <span className="flex h-6 w-6 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">{String.fromCharCode(65 + i)}</span>
      <select aria-label={`Measure of series ${i + 1}`} className={control} value={s.measure} onChange={(e) => onChange({ ...s, measure: e.target.value as Series["measure"] })}>
        {MEASURES.map((m) => (
          <option key={m} value={m}>
            {MEASURE_LABELS[m]}
          </option>
        ))}
      </select>
      {needsProperty && (
        <select aria-label={`Property of series ${i + 1}`} className={control} value={s.property ?? ""} onChange={(e) => onChange({ ...s, property: e.target.value || undefined })}>
          <option value="">Choose a number…</option>
          {numeric.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      )}
      <span className="text-sm text-slate-500">{needsProperty ? "in" : "of"}</span>
      <select aria-label={`Event of series ${i + 1}`} className={control} value={s.event} onChange={(e) => onChange({ ...s, event: e.target.value, property: undefined })}>
        {!events.includes(s.event) && <option value={s.event}>{s.event || "Choose an event…"}</option>}
        {events.map((e) => (
          <option key={e}>{e}</option>
        ))}
      </select>
      {onRemove && (
        <button type="button" aria-label={`Remove series ${i + 1}`} onClick={onRemove} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700">
          <X aria-hidden className="h-4 w-4" />
        </button>
      )}
    </div>
    <PropertyFilters event={s.event} filters={s.filters} onChange={(filters) => onChange({ ...s, filters })} label={`series ${String.fromCharCode(65 + i)}`} />
    </div>
  );
}

export function SeriesEditor({ series, events, onChange }: { series: Series[]; events: string[]; onChange: (s: Series[]) => void }) {
  return (
    <div className="space-y-2">
      {series.map((s, i) => (
        <SeriesRow key={i} s={s} i={i} events={events} onChange={(n) => onChange(series.map((x, j) => (j === i ? n : x)))} onRemove={series.length > 1 ? () => onChange(series.filter((_, j) => j !== i)) : undefined} />
      ))}
      {series.length < 5 && (
        <Button type="button" variant="ghost" onClick={() => onChange([...series, { event: events[0] ?? "", measure: "count", filters: [] }])}>
          <Plus aria-hidden className="h-4 w-4" /> Add series
        </Button>
      )}
    </div>
  );
}
