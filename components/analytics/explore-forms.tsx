"use client";
import type { SegmentSizesInsight, TopInsight } from "@/lib/analytics/schema";
import type { Vocabulary } from "@/components/segments/use-vocabulary";
import { inlineControl as control } from "@/components/ui/field";
import { RangePicker, SegmentFilter } from "./controls";

/** Which segments, over which range, by day, week or month. */
export function SegmentSizesForm({ value, onChange, vocabulary }: { value: SegmentSizesInsight; onChange: (v: SegmentSizesInsight) => void; vocabulary: Vocabulary | undefined }) {
  const set = (patch: Partial<SegmentSizesInsight>) => onChange({ ...value, ...patch });
  const segments = vocabulary?.segments ?? [];
  const toggle = (id: string) => set({ segmentIds: value.segmentIds.includes(id) ? value.segmentIds.filter((x) => x !== id) : [...value.segmentIds, id].slice(0, 10) });
  return (
    <div className="space-y-3 text-sm">
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Segments">
        <legend className="mb-1 text-slate-600">Segments (up to 10)</legend>
        {segments.length === 0 && <span className="text-slate-500">No segments yet: create one under Segments.</span>}
        {segments.map((s) => (
          <label key={s.id} className="flex items-center gap-1.5">
            <input type="checkbox" checked={value.segmentIds.includes(s.id)} onChange={() => toggle(s.id)} /> {s.name}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <RangePicker value={value.range} onChange={(range) => set({ range })} />
        <span className="text-slate-600">by</span>
        <select aria-label="Interval" className={control} value={value.interval} onChange={(e) => set({ interval: e.target.value as SegmentSizesInsight["interval"] })}>
          <option value="day">day</option>
          <option value="week">week</option>
          <option value="month">month</option>
        </select>
      </div>
    </div>
  );
}

/** The most frequent events, an event's properties, or a property's values. */
export function TopForm({ value, onChange, vocabulary }: { value: TopInsight; onChange: (v: TopInsight) => void; vocabulary: Vocabulary | undefined }) {
  const set = (patch: Partial<TopInsight>) => onChange({ ...value, ...patch });
  const events = vocabulary?.events ?? [];
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-600">Top</span>
        <select aria-label="Top how many" className={control} value={value.limit} onChange={(e) => set({ limit: Number(e.target.value) })}>
          {[5, 10, 20, 50].map((n) => <option key={n}>{n}</option>)}
        </select>
        <select aria-label="Top of" className={control} value={value.of} onChange={(e) => set({ of: e.target.value as TopInsight["of"], event: value.event || events[0] || "" })}>
          <option value="events">events</option>
          <option value="properties">properties of the event</option>
          <option value="values">values of a property of the event</option>
        </select>
        {value.of !== "events" && (
          <select aria-label="Event" className={control} value={value.event} onChange={(e) => set({ event: e.target.value })}>
            {!events.includes(value.event) && <option value={value.event}>{value.event || "Choose an event…"}</option>}
            {events.map((e) => <option key={e}>{e}</option>)}
          </select>
        )}
        {value.of === "values" && <input aria-label="Property" className={control} placeholder="property, like currency" value={value.property} onChange={(e) => set({ property: e.target.value })} />}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <RangePicker value={value.range} onChange={(range) => set({ range })} />
        <SegmentFilter value={value.segmentId} onChange={(segmentId) => set({ segmentId })} segments={vocabulary?.segments ?? []} />
      </div>
    </div>
  );
}
