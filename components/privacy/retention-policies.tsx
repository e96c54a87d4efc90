"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RetentionPolicy, RetentionRun } from "@/lib/privacy/retention";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { useVocabulary } from "@/components/segments/use-vocabulary";

const label = (event: string) => (event === "" ? "All other events (default)" : event.startsWith("type:") ? `Every ${event.slice(5)} call` : event);

function duration(days: number): string {
  if (days % 365 === 0) return `${days / 365} year${days === 365 ? "" : "s"}`;
  if (days % 30 === 0 && days >= 60) return `${days / 30} months`;
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** How long events are kept, per event and by default, and what the last runs removed. */
export function RetentionPolicies({ initial, canWrite }: { initial: { policies: RetentionPolicy[]; runs: RetentionRun[] }; canWrite: boolean }) {
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ["retention"], queryFn: () => api<{ policies: RetentionPolicy[]; runs: RetentionRun[] }>("/api/privacy/retention"), initialData: initial }).data;
  const vocab = useVocabulary().data;
  const [form, setForm] = useState({ event: "", keepDays: "395" });
  const save = useMutation({
    mutationFn: () => api("/api/privacy/retention", { method: "PUT", body: { event: form.event.trim() === "" || form.event === label("") ? "" : form.event.trim(), keepDays: Number(form.keepDays) } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["retention"] }),
  });
  const remove = useMutation({ mutationFn: (event: string) => api(`/api/privacy/retention?event=${encodeURIComponent(event)}`, { method: "DELETE" }), onSuccess: () => qc.invalidateQueries({ queryKey: ["retention"] }) });
  const last = data.runs[0];
  return (
    <div className="space-y-5">
      {data.policies.length === 0 ? (
        <p className="text-sm text-slate-600">Events are kept forever. Add a default (for example 395 days, 13 months) and longer periods for what you must keep, like orders for 7 years (2555 days).</p>
      ) : (
        <table className="w-full text-sm" data-testid="retention-policies">
          <TableHead columns={["Events", "Kept for", "Set by", ""]} />
          <tbody className="divide-y divide-slate-100">
            {data.policies.map((p) => (
              <tr key={p.event}>
                <td className="py-2 pr-4 font-medium text-slate-900">{label(p.event)}</td>
                <td className="py-2 pr-4">{duration(p.keepDays)} <span className="text-slate-500">({p.keepDays} days)</span></td>
                <td className="py-2 pr-4 text-slate-600">{p.updatedBy}, {formatRelative(p.updatedAt)}</td>
                <td className="py-2 text-right">{canWrite && <Button variant="ghost" onClick={() => remove.mutate(p.event)}>Remove</Button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <form
          className="grid gap-4 sm:grid-cols-[1fr_8rem]"
          aria-label="Set a retention period"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <TextField label="Events" list="retention-events" placeholder="All other events" value={form.event} onChange={(e) => setForm({ ...form, event: e.target.value })} hint="An event name, or type:page, type:identify… for those calls." />
          <datalist id="retention-events">
            {["type:page", "type:screen", "type:identify", ...(vocab?.events ?? [])].map((e) => <option key={e} value={e} />)}
          </datalist>
          <TextField label="Keep for (days)" type="number" min={1} value={form.keepDays} onChange={(e) => setForm({ ...form, keepDays: e.target.value })} />
          <div className="sm:col-span-2">
            <Button type="submit" busy={save.isPending}>Save period</Button>
          </div>
          {save.error && <div className="sm:col-span-2"><Alert>{(save.error as Error).message}</Alert></div>}
        </form>
      )}
      <p className="text-sm text-slate-600" data-testid="retention-last-run">
        {last
          ? <>Last enforced {formatDateTime(last.finishedAt)}: removed {last.total.toLocaleString()} events{last.total > 0 && ` (${Object.entries(last.removed).map(([k, n]) => `${label(k)} ${n.toLocaleString()}`).join(", ")})`}{last.partitionsDropped.length > 0 && `, whole months dropped: ${last.partitionsDropped.length}`}. Runs every hour.</>
          : data.policies.length ? "Enforced within the hour, then every hour." : null}
      </p>
    </div>
  );
}
