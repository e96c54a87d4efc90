"use client";
import { Filter, X } from "lucide-react";
import { useId } from "react";
import type { PropertyFilter } from "@/lib/segments/schema";
import { useEventProperties } from "@/components/segments/use-vocabulary";
import { inlineControl as control } from "@/components/ui/field";

const OPS: { op: PropertyFilter["op"]; label: string; valueType: PropertyFilter["valueType"] }[] = [
  { op: "eq", label: "is", valueType: "string" },
  { op: "neq", label: "is not", valueType: "string" },
  { op: "contains", label: "contains", valueType: "string" },
  { op: "gt", label: ">", valueType: "number" },
  { op: "lt", label: "<", valueType: "number" },
  { op: "exists", label: "is set", valueType: "string" },
];

/** "where <property> <is / contains / > …> <value>" rows for one event. */
export function PropertyFilters({ event, filters, onChange, label }: { event: string; filters: PropertyFilter[]; onChange: (f: PropertyFilter[]) => void; label: string }) {
  const list = useId();
  const props = useEventProperties(event);
  const set = (i: number, f: PropertyFilter) => onChange(filters.map((x, j) => (j === i ? f : x)));
  return (
    <div className="ml-8 space-y-1">
      <datalist id={list}>
        {(props.data?.properties ?? []).map((p) => (
          <option key={p.name} value={p.name} />
        ))}
      </datalist>
      {filters.map((f, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-500">where</span>
          <input aria-label={`${label} filter ${i + 1} property`} list={list} className={`${control} w-40`} value={f.property} onChange={(e) => set(i, { ...f, property: e.target.value })} />
          <select
            aria-label={`${label} filter ${i + 1} operator`}
            className={control}
            value={f.op}
            onChange={(e) => {
              const o = OPS.find((x) => x.op === e.target.value)!;
              set(i, { ...f, op: o.op, valueType: o.valueType, value: o.op === "exists" ? undefined : f.value });
            }}
          >
            {OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
          {f.op !== "exists" && (
            <input
              aria-label={`${label} filter ${i + 1} value`}
              className={`${control} w-32`}
              type={f.valueType === "number" ? "number" : "text"}
              value={f.value === undefined || f.value === null ? "" : String(f.value)}
              onChange={(e) => set(i, { ...f, value: f.valueType === "number" ? (e.target.value === "" ? undefined : Number(e.target.value)) : e.target.value })}
            />
          )}
          <button type="button" aria-label={`Remove ${label} filter ${i + 1}`} onClick={() => onChange(filters.filter((_, j) => j !== i))} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700">
            <X aria-hidden className="h-4 w-4" />
          </button>
        </div>
      ))}
      <button type="button" className="flex items-center gap-1 text-xs text-brand-700 hover:underline" onClick={() => onChange([...filters, { property: "", valueType: "string", op: "eq", value: "" }])}>
        <Filter aria-hidden className="h-3 w-3" /> Filter {label}
      </button>
    </div>
  );
}

/** Filters still being written (no property, or no value) are not sent. */
export function readyFilters(filters: PropertyFilter[]): PropertyFilter[] {
  return filters.filter((f) => f.property.trim() && (f.op === "exists" || (f.value !== undefined && f.value !== "")));
}
