"use client";
import { DURATION_UNITS, type Duration, type Window } from "@/lib/segments/schema";
import { InlineInput, InlineSelect, NumberInput } from "./inputs";

export function DurationFields({ label, value, onChange, invalid }: { label: string; value: Duration; onChange: (d: Duration) => void; invalid?: boolean }) {
  return (
    <span className="inline-flex items-center gap-1">
      <NumberInput label={`Amount for ${label}`} className="w-20" min={1} value={value.amount} onValue={(n) => onChange({ ...value, amount: n ?? 0 })} invalid={invalid} />
      <InlineSelect label={`Unit for ${label}`} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as Duration["unit"] })}>
        {DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </InlineSelect>
    </span>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

/** When: ever, in the last N minutes / hours / days / weeks, or between two dates. */
export function WindowFields({ label, value, onChange, invalid }: { label: string; value: Window; onChange: (w: Window) => void; invalid?: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <InlineSelect
        label={`Time window for ${label}`}
        value={value.kind}
        onChange={(e) => {
          const kind = e.target.value as Window["kind"];
          onChange(kind === "ever" ? { kind } : kind === "last" ? { kind, amount: 30, unit: "days" } : { kind, from: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), to: today() });
        }}
      >
        <option value="ever">ever</option>
        <option value="last">in the last</option>
        <option value="between">between</option>
      </InlineSelect>
      {value.kind === "last" && <DurationFields label={label} value={value} onChange={(d) => onChange({ kind: "last", ...d })} invalid={invalid} />}
      {value.kind === "between" && (
        <>
          <InlineInput label={`Window start for ${label}`} type="date" value={value.from.slice(0, 10)} onChange={(e) => onChange({ ...value, from: e.target.value })} invalid={invalid} />
          <span className="text-sm text-slate-600">and</span>
          <InlineInput label={`Window end for ${label}`} type="date" value={value.to.slice(0, 10)} onChange={(e) => onChange({ ...value, to: e.target.value })} invalid={invalid} />
        </>
      )}
    </span>
  );
}
