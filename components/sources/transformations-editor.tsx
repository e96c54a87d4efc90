"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import type { PreviewRow, Step, Transformations } from "@/lib/sources";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inlineControl } from "@/components/ui/field";
import { QuarantinePanel } from "./quarantine-panel";

const KINDS: { kind: Step["kind"]; label: string; make: () => Step }[] = [
  { kind: "rename", label: "Rename a field", make: () => ({ kind: "rename", from: "properties.", to: "properties." }) },
  { kind: "drop", label: "Drop a field", make: () => ({ kind: "drop", field: "properties." }) },
  { kind: "copy", label: "Copy a field", make: () => ({ kind: "copy", from: "properties.", to: "traits." }) },
  { kind: "default", label: "Set a default", make: () => ({ kind: "default", field: "properties.", value: "" }) },
  { kind: "cast", label: "Cast a type", make: () => ({ kind: "cast", field: "properties.", to: "number" }) },
  { kind: "normalize", label: "Lower-case and trim", make: () => ({ kind: "normalize", field: "userId", lowercase: true, trim: true }) },
  { kind: "hash", label: "Hash (SHA-256)", make: () => ({ kind: "hash", field: "traits.email" }) },
  { kind: "drop_event", label: "Drop events when…", make: () => ({ kind: "drop_event", when: { field: "event", op: "eq", value: "" } }) },
  { kind: "derive", label: "Derive from an expression", make: () => ({ kind: "derive", to: "properties.", expression: "" }) },
  { kind: "map_values", label: "Map values", make: () => ({ kind: "map_values", field: "properties.", map: {} }) },
];
const OPS = { eq: "is", neq: "is not", exists: "exists", not_exists: "does not exist", in: "is one of (a, b)", contains: "contains", matches: "matches the pattern" } as const;
const TONE = { keep: "green", drop: "gray", quarantine: "amber" } as const;

function flatten(v: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = JSON.stringify(v);
  return out;
}

/** What the steps changed in one message: field, before, after. */
function changes(before: unknown, after: unknown): { field: string; from?: string; to?: string }[] {
  const a = flatten(before);
  const b = flatten(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).map((field) => ({ field, from: a[field], to: b[field] }));
}

function Input({ label, value, onChange, className = "w-44" }: { label: string; value: string; onChange: (v: string) => void; className?: string }) {
  return <input aria-label={label} className={`${inlineControl} ${className} font-mono text-xs`} value={value} onChange={(e) => onChange(e.target.value)} />;
}

function StepFields({ step, set, n }: { step: Step; set: (s: Step) => void; n: number }) {
  const L = (x: string) => `Step ${n} ${x}`;
  switch (step.kind) {
    case "rename":
    case "copy":
      return (
        <>
          <Input label={L("from")} value={step.from} onChange={(from) => set({ ...step, from })} /> <span className="text-slate-500">→</span> <Input label={L("to")} value={step.to} onChange={(to) => set({ ...step, to })} />
        </>
      );
    case "drop":
    case "hash":
      return <Input label={L("field")} value={step.field} onChange={(field) => set({ ...step, field })} />;
    case "default":
      return (
        <>
          <Input label={L("field")} value={step.field} onChange={(field) => set({ ...step, field })} /> <span className="text-slate-500">when empty:</span> <Input label={L("value")} value={step.value} onChange={(value) => set({ ...step, value })} className="w-32" />
        </>
      );
    case "cast":
      return (
        <>
          <Input label={L("field")} value={step.field} onChange={(field) => set({ ...step, field })} /> <span className="text-slate-500">to</span>
          <select aria-label={L("type")} className={inlineControl} value={step.to} onChange={(e) => set({ ...step, to: e.target.value as typeof step.to })}>
            <option value="number">number</option>
            <option value="string">text</option>
            <option value="boolean">true / false</option>
            <option value="timestamp">date</option>
          </select>
        </>
      );
    case "normalize":
      return <Input label={L("field")} value={step.field} onChange={(field) => set({ ...step, field })} />;
    case "drop_event":
      return (
        <>
          <Input label={L("condition field")} value={step.when.field} onChange={(field) => set({ ...step, when: { ...step.when, field } })} />
          <select aria-label={L("operator")} className={inlineControl} value={step.when.op} onChange={(e) => set({ ...step, when: { ...step.when, op: e.target.value as typeof step.when.op } })}>
            {Object.entries(OPS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          {step.when.op !== "exists" && step.when.op !== "not_exists" && <Input label={L("condition value")} value={step.when.value} onChange={(value) => set({ ...step, when: { ...step.when, value } })} className="w-40" />}
        </>
      );
    case "derive":
      return (
        <>
          <Input label={L("target")} value={step.to} onChange={(to) => set({ ...step, to })} /> <span className="text-slate-500">=</span>
          <Input label={L("expression")} value={step.expression} onChange={(expression) => set({ ...step, expression })} className="min-w-64 flex-1" />
        </>
      );
    case "map_values":
      return (
        <>
          <Input label={L("field")} value={step.field} onChange={(field) => set({ ...step, field })} />
          <input
            aria-label={L("map")}
            className={`${inlineControl} min-w-56 flex-1 font-mono text-xs`}
            placeholder="usd=USD, eur=EUR"
            defaultValue={Object.entries(step.map).map(([k, v]) => `${k}=${v}`).join(", ")}
            onBlur={(e) => set({ ...step, map: Object.fromEntries(e.target.value.split(",").map((p) => p.split("=").map((x) => x.trim())).filter((p) => p.length === 2 && p[0]) as [string, string][]) })}
          />
        </>
      );
  }
}

/** A source's transformation steps: edit, preview on recent events, save as a new version; what is held in quarantine. */
export function TransformationsEditor({ sourceId, canWrite }: { sourceId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ["transformations", sourceId], queryFn: () => api<{ transformations: Transformations }>(`/api/sources/${sourceId}/transformations`) });
  const [draft, setDraft] = useState<Step[] | null>(null);
  const steps = draft ?? current.data?.transformations.steps ?? [];
  const preview = useMutation({ mutationFn: () => api<{ preview: PreviewRow[] }>(`/api/sources/${sourceId}/transformations/preview`, { method: "POST", body: { steps } }) });
  const save = useMutation({
    mutationFn: () => api<{ transformations: Transformations }>(`/api/sources/${sourceId}/transformations`, { method: "PUT", body: { steps } }),
    onSuccess: () => {
      setDraft(null);
      qc.invalidateQueries({ queryKey: ["transformations", sourceId] });
    },
  });
  const put = (i: number, s: Step) => setDraft(steps.map((x, j) => (j === i ? s : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    setDraft(next);
  };
  const version = current.data?.transformations.version ?? 0;
  return (
    <div className="space-y-5">
      <fieldset disabled={!canWrite} className="space-y-2">
        {steps.length === 0 && <p className="text-sm text-slate-500">No steps: messages are stored as sent. Add steps to rename, clean, derive or drop before anything else sees the data.</p>}
        <ol className="space-y-2" data-testid="transformation-steps">
          {steps.map((s, i) => (
            <li key={i} className="flex flex-wrap items-center gap-1.5 rounded-md bg-slate-50 p-2 text-sm">
              <span className="w-5 text-xs text-slate-500">{i + 1}.</span>
              <span className="w-44 font-medium text-slate-800">{KINDS.find((k) => k.kind === s.kind)!.label}</span>
              <StepFields step={s} set={(x) => put(i, x)} n={i + 1} />
              <span className="ml-auto flex gap-1">
                <button type="button" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)} className="rounded p-1 text-slate-400 hover:text-slate-700 disabled:opacity-30">
                  <ArrowUp className="h-4 w-4" aria-hidden />
                </button>
                <button type="button" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)} className="rounded p-1 text-slate-400 hover:text-slate-700 disabled:opacity-30">
                  <ArrowDown className="h-4 w-4" aria-hidden />
                </button>
                <button type="button" aria-label={`Remove step ${i + 1}`} onClick={() => setDraft(steps.filter((_, j) => j !== i))} className="rounded p-1 text-slate-400 hover:text-red-600">
                  <Trash2 className="h-4 w-4" aria-hidden />
                </button>
              </span>
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap items-center gap-2">
          <Plus className="h-4 w-4 text-slate-400" aria-hidden />
          <select aria-label="Add a step" className={inlineControl} value="" onChange={(e) => e.target.value && setDraft([...steps, KINDS.find((k) => k.kind === e.target.value)!.make()])}>
            <option value="">Add a step…</option>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => preview.mutate()} busy={preview.isPending}>
          Preview on recent events
        </Button>
        {canWrite && (
          <Button onClick={() => save.mutate()} busy={save.isPending} disabled={!draft}>
            Save as version {version + 1}
          </Button>
        )}
        <span className="text-xs text-slate-500">{version ? `Version ${version} applies to what arrives now.` : "Nothing saved yet."}</span>
      </div>
      {(preview.error ?? save.error) && <Alert>{((preview.error ?? save.error) as Error).message}</Alert>}
      {preview.data &&
        (preview.data.preview.length === 0 ? (
          <p className="text-sm text-slate-500">No events from this source in the last 30 days to try the steps on.</p>
        ) : (
          <ul className="space-y-2" data-testid="transformation-preview">
            {preview.data.preview.map((p, i) => (
              <li key={i} className="rounded-md p-2 text-sm ring-1 ring-slate-200">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={TONE[p.outcome.kind]}>{p.outcome.kind === "keep" ? "kept" : p.outcome.kind === "drop" ? "dropped" : "quarantined"}</Badge>
                  <span className="font-medium text-slate-800">{String(p.before.event ?? p.before.type)}</span>
                  <span className="text-xs text-slate-500">{String(p.before.userId ?? p.before.anonymousId ?? "")}</span>
                  {p.outcome.kind !== "keep" && <span className="text-amber-800">{p.outcome.reason}</span>}
                </div>
                {p.outcome.kind === "keep" && (
                  <table className="mt-1 w-full font-mono text-[11px]">
                    <tbody>
                      {changes(p.before, p.outcome.message).map((c) => (
                        <tr key={c.field}>
                          <td className="pr-3 text-slate-700">{c.field}</td>
                          <td className="pr-3 text-red-700 line-through">{c.from ?? ""}</td>
                          <td className="text-emerald-700">{c.to ?? "(removed)"}</td>
                        </tr>
                      ))}
                      {changes(p.before, p.outcome.message).length === 0 && (
                        <tr>
                          <td className="text-slate-500">unchanged</td>
                        </tr>
                      )}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        ))}
      <div className="border-t border-slate-100 pt-4">
        <QuarantinePanel sourceId={sourceId} canWrite={canWrite} />
      </div>
    </div>
  );
}
