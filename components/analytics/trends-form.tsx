"use client";
import { INTERVALS, type Breakdown, type TrendsInsight } from "@/lib/analytics/schema";
import type { Vocabulary } from "@/components/segments/use-vocabulary";
import { RangePicker, SegmentFilter } from "./controls";
import { SeriesEditor } from "./series-editor";
import { inlineControl as control } from "@/components/ui/field";

/** Series, date range, interval, breakdown, segment filter and comparison of a trend. */
export function TrendsForm({ value, onChange, vocabulary }: { value: TrendsInsight; onChange: (v: TrendsInsight) => void; vocabulary: Vocabulary | undefined }) {
  const set = (patch: Partial<TrendsInsight>) => onChange({ ...value, ...patch });
  const b = value.breakdown;
  const field = b?.kind === "property" ? b.property : b?.kind === "trait" ? b.trait : b?.kind === "segment" ? b.segmentIds[0]! : "";
  const setBreakdown = (kind: string, f: string) =>
    set({ breakdown: kind === "property" ? { kind, property: f } : kind === "trait" ? { kind, trait: f } : kind === "segment" ? { kind, segmentIds: [f] } : null });
  // A breakdown being chosen is kept in the form even before its field is filled in.
  const kind = b?.kind ?? "";
  return (
    <div className="space-y-4">
      <SeriesEditor series={value.series} events={vocabulary?.events ?? []} onChange={(series) => set({ series })} />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4 text-sm">
        <RangePicker value={value.range} onChange={(range) => set({ range })} />
        <select aria-label="Interval" className={control} value={value.interval} onChange={(e) => set({ interval: e.target.value as TrendsInsight["interval"] })}>
          {INTERVALS.map((i) => (
            <option key={i} value={i}>
              by {i}
            </option>
          ))}
        </select>
        <select aria-label="Breakdown" className={control} value={kind} onChange={(e) => setBreakdown(e.target.value, "")}>
          <option value="">No breakdown</option>
          <option value="property">Break down by event property</option>
          <option value="trait">Break down by trait</option>
          <option value="segment">Break down by segment</option>
        </select>
        {kind === "property" && <input aria-label="Breakdown property" placeholder="property, like category" className={control} value={field} onChange={(e) => setBreakdown("property", e.target.value)} />}
        {kind === "trait" && (
          <select aria-label="Breakdown trait" className={control} value={field} onChange={(e) => setBreakdown("trait", e.target.value)}>
            <option value="">Choose a trait…</option>
            {(vocabulary?.traits ?? []).map((t) => (
              <option key={t.name}>{t.name}</option>
            ))}
          </select>
        )}
        {kind === "segment" && (
          <select aria-label="Breakdown segment" className={control} value={field} onChange={(e) => setBreakdown("segment", e.target.value)}>
            <option value="">Choose a segment…</option>
            {(vocabulary?.segments ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
        <SegmentFilter value={value.segmentId} segments={vocabulary?.segments ?? []} onChange={(segmentId) => set({ segmentId })} />
        <label className="flex items-center gap-2 text-slate-700">
          <input type="checkbox" checked={value.compare} onChange={(e) => set({ compare: e.target.checked })} /> Compare with the previous period
        </label>
      </div>
    </div>
  );
}

/** A breakdown whose field is still empty is not sent. */
export function readyBreakdown(b: Breakdown | null): Breakdown | null {
  if (!b) return null;
  if (b.kind === "property") return b.property ? b : null;
  if (b.kind === "trait") return b.trait ? b : null;
  return b.segmentIds[0] ? b : null;
}
