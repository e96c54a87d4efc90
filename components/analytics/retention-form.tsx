"use client";
import { RETENTION_PERIODS, type RetentionInsight } from "@/lib/analytics/schema";
import type { Vocabulary } from "@/components/segments/use-vocabulary";
import { RangePicker, SegmentFilter } from "./controls";
import { PropertyFilters } from "./property-filters";
import { inlineControl as control } from "@/components/ui/field";

/** Who starts a cohort (first event, or entering a segment), what counts as coming back, and the grid. */
export function RetentionForm({ value, onChange, vocabulary }: { value: RetentionInsight; onChange: (v: RetentionInsight) => void; vocabulary: Vocabulary | undefined }) {
  const set = (patch: Partial<RetentionInsight>) => onChange({ ...value, ...patch });
  const events = vocabulary?.events ?? [];
  const segments = vocabulary?.segments ?? [];
  const eventSelect = (label: string, current: string, pick: (e: string) => void) => (
    <select aria-label={label} className={control} value={current} onChange={(e) => pick(e.target.value)}>
      {!events.includes(current) && <option value={current}>{current || "Choose an event…"}</option>}
      {events.map((e) => (
        <option key={e}>{e}</option>
      ))}
    </select>
  );
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-600">People who first</span>
        <select
          aria-label="Cohort by"
          className={control}
          value={value.cohort.kind}
          onChange={(e) => set({ cohort: e.target.value === "segment" ? { kind: "segment", segmentId: segments[0]?.id ?? "" } : { kind: "event", event: events[0] ?? "", filters: [] } })}
        >
          <option value="event">did</option>
          <option value="segment">entered the segment</option>
        </select>
        {value.cohort.kind === "event"
          ? eventSelect("Cohort event", value.cohort.event, (event) => set({ cohort: { kind: "event", event, filters: [] } }))
          : (
            <select aria-label="Cohort segment" className={control} value={value.cohort.segmentId} onChange={(e) => set({ cohort: { kind: "segment", segmentId: e.target.value } })}>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        <RangePicker value={value.range} onChange={(range) => set({ range })} label="Cohorts between" />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-600">and came back to do</span>
        {eventSelect("Return event", value.returnEvent.event, (event) => set({ returnEvent: { event, filters: [] } }))}
        <span className="text-slate-600">over</span>
        <input aria-label="Periods" type="number" min={1} max={24} className={`${control} w-20`} value={value.periods} onChange={(e) => set({ periods: Math.min(24, Math.max(1, Number(e.target.value) || 1)) })} />
        <select aria-label="Period" className={control} value={value.period} onChange={(e) => set({ period: e.target.value as RetentionInsight["period"] })}>
          {RETENTION_PERIODS.map((p) => (
            <option key={p} value={p}>
              {p}s
            </option>
          ))}
        </select>
        <SegmentFilter value={value.segmentId} segments={segments} onChange={(segmentId) => set({ segmentId })} />
      </div>
      <PropertyFilters event={value.returnEvent.event} filters={value.returnEvent.filters} onChange={(filters) => set({ returnEvent: { ...value.returnEvent, filters } })} label="return event" />
    </div>
  );
}
