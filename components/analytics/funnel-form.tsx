"use client";
import { Plus, X } from "lucide-react";
import type { FunnelInsight } from "@/lib/analytics/schema";
import type { Vocabulary } from "@/components/segments/use-vocabulary";
import { Button } from "@/components/ui/button";
import { PropertyFilters } from "./property-filters";
import { RangePicker, SegmentFilter } from "./controls";
import { inlineControl as control } from "@/components/ui/field";

/** Ordered steps, the conversion window, the range, a breakdown and a segment filter. */
export function FunnelForm({ value, onChange, vocabulary }: { value: FunnelInsight; onChange: (v: FunnelInsight) => void; vocabulary: Vocabulary | undefined }) {
  const set = (patch: Partial<FunnelInsight>) => onChange({ ...value, ...patch });
  const events = vocabulary?.events ?? [];
  const b = value.breakdown;
  return (
    <div className="space-y-4">
      <ol className="space-y-2">
        {value.steps.map((s, i) => (
          <li key={i} className="space-y-1" data-testid="funnel-step">
            <div className="flex items-center gap-2">
            <span className="flex h-6 w-6 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">{i + 1}</span>
            <select aria-label={`Step ${i + 1}`} className={control} value={s.event} onChange={(e) => set({ steps: value.steps.map((x, j) => (j === i ? { ...x, event: e.target.value } : x)) })}>
              {!events.includes(s.event) && <option value={s.event}>{s.event || "Choose an event…"}</option>}
              {events.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </select>
            {value.steps.length > 2 && (
              <button type="button" aria-label={`Remove step ${i + 1}`} onClick={() => set({ steps: value.steps.filter((_, j) => j !== i) })} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700">
                <X aria-hidden className="h-4 w-4" />
              </button>
            )}
            </div>
            <PropertyFilters event={s.event} filters={s.filters} onChange={(filters) => set({ steps: value.steps.map((x, j) => (j === i ? { ...x, filters } : x)) })} label={`step ${i + 1}`} />
          </li>
        ))}
      </ol>
      {value.steps.length < 10 && (
        <Button type="button" variant="ghost" onClick={() => set({ steps: [...value.steps, { event: "", filters: [] }] })}>
          <Plus aria-hidden className="h-4 w-4" /> Add step
        </Button>
      )}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4 text-sm">
        <span className="text-slate-600">Converted within</span>
        <input aria-label="Conversion window" type="number" min={1} className={`${control} w-20`} value={value.window.amount} onChange={(e) => set({ window: { ...value.window, amount: Math.max(1, Number(e.target.value) || 1) } })} />
        <select aria-label="Conversion window unit" className={control} value={value.window.unit} onChange={(e) => set({ window: { ...value.window, unit: e.target.value as FunnelInsight["window"]["unit"] } })}>
          {["minutes", "hours", "days", "weeks"].map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
        <RangePicker value={value.range} onChange={(range) => set({ range })} label="First step between" />
        <select
          aria-label="Breakdown"
          className={control}
          value={b?.kind ?? ""}
          onChange={(e) => set({ breakdown: e.target.value === "trait" ? { kind: "trait", trait: "" } : e.target.value === "property" ? { kind: "property", property: "" } : null })}
        >
          <option value="">No breakdown</option>
          <option value="property">Break down by a property of step 1</option>
          <option value="trait">Break down by trait</option>
        </select>
        {b?.kind === "property" && <input aria-label="Breakdown property" className={control} placeholder="property" value={b.property} onChange={(e) => set({ breakdown: { kind: "property", property: e.target.value } })} />}
        {b?.kind === "trait" && (
          <select aria-label="Breakdown trait" className={control} value={b.trait} onChange={(e) => set({ breakdown: { kind: "trait", trait: e.target.value } })}>
            <option value="">Choose a trait…</option>
            {(vocabulary?.traits ?? []).map((t) => (
              <option key={t.name}>{t.name}</option>
            ))}
          </select>
        )}
        <SegmentFilter value={value.segmentId} segments={vocabulary?.segments ?? []} onChange={(segmentId) => set({ segmentId })} />
      </div>
    </div>
  );
}
