"use client";
import type { DateRange } from "@/lib/analytics/schema";

import { inlineControl as control } from "@/components/ui/field";

export const PRESETS: { label: string; range: DateRange }[] = [
  { label: "Last 7 days", range: { kind: "last", amount: 7, unit: "days" } },
  { label: "Last 30 days", range: { kind: "last", amount: 30, unit: "days" } },
  { label: "Last 90 days", range: { kind: "last", amount: 90, unit: "days" } },
  { label: "Last 12 weeks", range: { kind: "last", amount: 12, unit: "weeks" } },
  { label: "Last 6 months", range: { kind: "last", amount: 6, unit: "months" } },
];

export function rangeLabel(r: DateRange): string {
  if (r.kind === "between") return `${r.from} – ${r.to}`;
  return PRESETS.find((p) => p.range.kind === "last" && p.range.amount === r.amount && p.range.unit === r.unit)?.label ?? `Last ${r.amount} ${r.unit}`;
}

/** A relative preset or two dates. */
export function RangePicker({ value, onChange, label = "Date range" }: { value: DateRange; onChange: (r: DateRange) => void; label?: string }) {
  const preset = value.kind === "between" ? "custom" : rangeLabel(value);
  return (
    <>
      <select
        aria-label={label}
        className={control}
        value={preset}
        onChange={(e) => {
          const p = PRESETS.find((x) => x.label === e.target.value);
          if (p) onChange(p.range);
          else {
            const today = new Date().toISOString().slice(0, 10);
            onChange({ kind: "between", from: new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10), to: today });
          }
        }}
      >
        {PRESETS.map((p) => (
          <option key={p.label}>{p.label}</option>
        ))}
        {!PRESETS.some((p) => p.label === preset) && preset !== "custom" && <option>{preset}</option>}
        <option value="custom">Between dates…</option>
      </select>
      {value.kind === "between" && (
        <>
          <input aria-label="From" type="date" className={control} value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
          <span className="text-slate-500">to</span>
          <input aria-label="To" type="date" className={control} value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
        </>
      )}
    </>
  );
}

export function SegmentFilter({ value, segments, onChange }: { value: string | null; segments: { id: string; name: string }[]; onChange: (id: string | null) => void }) {
  return (
    <select aria-label="Only people in" className={control} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">Everyone</option>
      {segments.map((s) => (
        <option key={s.id} value={s.id}>
          Only {s.name}
        </option>
      ))}
    </select>
  );
}
