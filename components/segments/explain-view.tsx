"use client";
import { Check, X } from "lucide-react";
import type { Explanation } from "@/lib/segments/explain";
import { conditionText } from "./describe";

function valueText(v: unknown): string {
  if (v === null || v === undefined) return "no value";
  if (typeof v !== "object") return String(v);
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(o)) {
    if (x === null) continue;
    const label = { count: "times", sum: "total", avg: "average", min: "smallest", max: "largest", last: "last at", last_first_step: "last first step at", granted: "granted", at: "at", source: "from" }[k] ?? k;
    const value = typeof x === "string" && /^\d{4}-\d{2}-\d{2}T/.test(x) ? new Date(x).toLocaleString() : typeof x === "number" ? Number(x.toFixed(2)).toLocaleString() : String(x);
    parts.push(k === "count" ? `${value} ${label}` : `${label} ${value}`);
  }
  return parts.join(", ") || "none";
}

/** Each condition with pass or fail and the value seen for this profile. */
export function ExplainView({ explanation, segmentName }: { explanation: Explanation; segmentName?: (id: string) => string }) {
  return (
    <div>
      <p className="mb-3 text-sm font-medium">
        {explanation.mergedInto ? (
          <span className="text-slate-700">This profile was merged into profile {explanation.mergedInto}: look there.</span>
        ) : explanation.matches ? (
          <span className="text-emerald-700">Matches the segment.</span>
        ) : (
          <span className="text-red-700">Does not match the segment.</span>
        )}
      </p>
      <ul className="space-y-2" aria-label="Conditions for this profile">
        {explanation.conditions.map((c) => (
          <li key={c.path} className="flex items-start gap-2 text-sm">
            {c.pass ? <Check aria-label="holds" className="mt-0.5 h-4 w-4 shrink-0 text-emerald-600" /> : <X aria-label="does not hold" className="mt-0.5 h-4 w-4 shrink-0 text-red-600" />}
            <span>
              <span className="text-slate-900">{conditionText(c.condition, segmentName)}</span>
              <span className="block text-xs text-slate-500">Seen: {valueText(c.value)}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
