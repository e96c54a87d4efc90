"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { SourcePlan, ViolationSummary } from "@/lib/quality/plans";
import { ACTION_LABELS, ACTIONS, type ViolationAction } from "@/lib/quality/plan-schema";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";

const TONE: Record<ViolationAction, "gray" | "blue" | "amber" | "red"> = { allow: "gray", flag: "blue", quarantine: "amber", drop: "red" };
const EXAMPLE = JSON.stringify({ events: [{ name: "Order Completed", properties: { type: "object", required: ["revenue"], properties: { revenue: { type: "number", minimum: 0 }, currency: { type: "string", enum: ["USD", "EUR", "GBP"] } } } }], identify: { traits: { type: "object", properties: { email: { type: "string", format: "email" } } } } }, null, 2);

/** A source's tracking plan as JSON (written, generated from seen events, or imported), the actions per violation kind, the violations, and replay of what was held. */
export function TrackingPlanEditor({ sourceId, canWrite }: { sourceId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ["plan", sourceId], queryFn: () => api<{ plan: SourcePlan | null; violations: ViolationSummary[] }>(`/api/sources/${sourceId}/plan`), refetchInterval: 5000 });
  const held = useQuery({ queryKey: ["quarantine", sourceId], queryFn: () => api<{ held: number }>(`/api/sources/${sourceId}/quarantine`), refetchInterval: 5000 });
  const saved = data.data?.plan ?? null;
  const [text, setText] = useState<string | null>(null);
  const [actions, setActions] = useState<{ onUnplanned: ViolationAction; onInvalid: ViolationAction } | null>(null);
  const current = actions ?? { onUnplanned: saved?.onUnplanned ?? "flag", onInvalid: saved?.onInvalid ?? "quarantine" };
  const shown = text ?? (saved ? JSON.stringify(saved.plan, null, 2) : "");
  const refresh = () => qc.invalidateQueries({ queryKey: ["plan", sourceId] });
  const save = useMutation({
    mutationFn: () => {
      let plan: unknown;
      try {
        plan = JSON.parse(shown || "{}");
      } catch (e) {
        throw new Error(`The plan is not valid JSON: ${(e as Error).message}`);
      }
      return api(`/api/sources/${sourceId}/plan`, { method: "PUT", body: { plan, ...current } });
    },
    onSuccess: () => {
      setText(null);
      setActions(null);
      refresh();
    },
  });
  const generate = useMutation({
    mutationFn: () => api<{ plan: unknown }>(`/api/sources/${sourceId}/plan/generate`, { method: "POST" }),
    onSuccess: (r) => setText(JSON.stringify(r.plan, null, 2)),
  });
  const remove = useMutation({ mutationFn: () => api(`/api/sources/${sourceId}/plan`, { method: "DELETE" }), onSuccess: () => (setText(null), refresh()) });
  const replay = useMutation({
    mutationFn: () => api<{ replayed: number; accepted: number; heldAgain: number }>(`/api/sources/${sourceId}/quarantine/replay`, { method: "POST", body: {} }),
    onSuccess: () => (qc.invalidateQueries({ queryKey: ["quarantine", sourceId] }), refresh()),
  });
  const violations = data.data?.violations ?? [];
  const error = save.error ?? generate.error ?? remove.error ?? replay.error;
  return (
    <div className="space-y-5">
      <p className="text-sm text-slate-700" data-testid="plan-status">
        {saved ? `Version ${saved.version}: ${saved.plan.events.length} event${saved.plan.events.length === 1 ? "" : "s"} planned${saved.plan.identify ? ", identify traits checked" : ""} · set by ${saved.updatedBy} ${formatRelative(saved.updatedAt)}.` : "No tracking plan: every event is accepted as sent. Write one, generate it from the events already seen, or import a JSON file."}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Events not in the plan" value={current.onUnplanned} disabled={!canWrite} onChange={(e) => setActions({ ...current, onUnplanned: e.target.value as ViolationAction })}>
          {ACTIONS.map((a) => <option key={a} value={a}>{ACTION_LABELS[a]}</option>)}
        </SelectField>
        <SelectField label="Events that break the plan" value={current.onInvalid} disabled={!canWrite} onChange={(e) => setActions({ ...current, onInvalid: e.target.value as ViolationAction })}>
          {ACTIONS.map((a) => <option key={a} value={a}>{ACTION_LABELS[a]}</option>)}
        </SelectField>
      </div>
      <label className="block text-sm font-medium text-slate-700">
        Plan (JSON: events with a JSON Schema for their properties; identify traits)
        <textarea
          aria-label="Tracking plan JSON"
          className="mt-1 block h-64 w-full rounded-md p-2 font-mono text-xs ring-1 ring-slate-300 ring-inset"
          value={shown}
          placeholder={EXAMPLE}
          readOnly={!canWrite}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
      </label>
      {canWrite && (
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => save.mutate()} busy={save.isPending} disabled={!shown.trim() || (!!saved && text === null && actions === null)}>
            {saved ? `Save as version ${saved.version + 1}` : "Save plan"}
          </Button>
          <Button variant="secondary" onClick={() => generate.mutate()} busy={generate.isPending}>
            Generate from seen events
          </Button>
          <label className="inline-flex cursor-pointer items-center rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
            Import JSON file
            <input type="file" accept="application/json,.json" className="sr-only" aria-label="Import a tracking plan file" onChange={async (e) => { const f = e.target.files?.[0]; if (f) setText(await f.text()); }} />
          </label>
          {saved && <Button variant="ghost" onClick={() => remove.mutate()}>Remove plan</Button>}
        </div>
      )}
      {error && <Alert>{(error as Error).message}</Alert>}
      <div className="flex flex-wrap items-center gap-3 rounded-md bg-slate-50 p-3 text-sm" data-testid="plan-quarantine">
        <span>
          <span className="font-semibold tabular-nums">{(held.data?.held ?? 0).toLocaleString()}</span> messages held in quarantine (by the plan or a transformation).
        </span>
        {canWrite && (held.data?.held ?? 0) > 0 && (
          <Button variant="secondary" onClick={() => replay.mutate()} busy={replay.isPending}>
            Replay held messages
          </Button>
        )}
        {replay.data && <span className="text-slate-700">Replayed {replay.data.replayed}: {replay.data.accepted} accepted, {replay.data.heldAgain} held again.</span>}
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Violations, last 7 days</h3>
        {violations.length === 0 ? (
          <p className="text-sm text-slate-600">None{saved ? ": everything matched the plan." : "."}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="plan-violations">
              <TableHead columns={["Event", "Property", "Problem", { label: "Count", className: "text-right" }, "Action", "Example", "Last"]} />
              <tbody className="divide-y divide-slate-100">
                {violations.map((v) => (
                  <tr key={`${v.event}|${v.path}|${v.kind}`}>
                    <td className="py-2 pr-3 font-medium text-slate-900">{v.event}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{v.path || "—"}</td>
                    <td className="py-2 pr-3 text-slate-700">{v.message}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{v.count.toLocaleString()}</td>
                    <td className="py-2 pr-3"><Badge tone={TONE[v.action]}>{ACTION_LABELS[v.action]}</Badge></td>
                    <td className="max-w-xs truncate py-2 pr-3 font-mono text-[11px] text-slate-600" title={JSON.stringify(v.example)}>{JSON.stringify(v.example)}</td>
                    <td className="whitespace-nowrap py-2 text-slate-600">{formatRelative(v.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
