"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ComputedTrait } from "@/lib/profiles/computed";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { useEventProperties, useVocabulary } from "@/components/segments/use-vocabulary";

const AGG_LABELS: Record<string, string> = {
  count: "Number of times",
  sum: "Sum of",
  avg: "Average of",
  min: "Smallest",
  max: "Largest",
  first: "First value of",
  last: "Latest value of",
  most_frequent: "Most frequent",
  distinct_count: "Number of different",
};

function describe(t: ComputedTrait): string {
  const prop = t.property === "$time" ? "time" : t.property;
  const what = t.aggregate === "count" ? `how many times they did ${t.event}` : `${AGG_LABELS[t.aggregate]!.toLowerCase()} ${prop} of ${t.event}`;
  return `${what}${t.window.kind === "last" ? `, last ${t.window.amount} ${t.window.unit}` : ", all time"}`;
}

/** The workspace's computed traits and a form to add one (built from history at once). */
export function ComputedTraits({ initial, canWrite }: { initial: ComputedTrait[]; canWrite: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["computed-traits"], queryFn: () => api<{ traits: ComputedTrait[] }>("/api/traits/computed"), initialData: { traits: initial }, refetchInterval: 5000 });
  const vocab = useVocabulary().data;
  const [form, setForm] = useState({ name: "", aggregate: "sum", event: "", property: "", window: "ever", days: 90 });
  const props = useEventProperties(form.event).data?.properties ?? [];
  const create = useMutation({
    mutationFn: () =>
      api("/api/traits/computed", {
        method: "POST",
        body: { name: form.name, aggregate: form.aggregate, event: form.event, property: form.aggregate === "count" ? undefined : form.property, window: form.window === "ever" ? { kind: "ever" } : { kind: "last", amount: form.days, unit: "days" } },
      }),
    onSuccess: () => {
      setForm({ ...form, name: "" });
      qc.invalidateQueries({ queryKey: ["computed-traits"] });
    },
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: k === "days" ? Number(e.target.value) : e.target.value });
  const traits = list.data.traits;
  return (
    <div className="space-y-6">
      {traits.length === 0 ? (
        <p className="text-sm text-slate-600">None yet. Add one below: it is computed for every profile from its history, then kept up to date as events arrive.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white px-5 py-2 shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-sm" data-testid="computed-traits">
            <TableHead columns={["Trait", "Computed as", { label: "Profiles with a value", className: "text-right" }, "Status", ""]} />
            <tbody className="divide-y divide-slate-100">
              {traits.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 pr-4 font-mono text-xs font-medium text-slate-900">{t.name}</td>
                  <td className="py-2 pr-4 text-slate-700">{describe(t)}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{t.profilesWithValue.toLocaleString()}</td>
                  <td className="py-2 pr-4">{t.status === "live" ? <Badge tone="green">live · built {formatRelative(t.builtAt)}</Badge> : <Badge tone="amber">building from history…</Badge>}</td>
                  <td className="py-2 text-right">{canWrite && <ConfirmDeleteButton path={`/api/traits/computed/${t.id}`} question={`Delete ${t.name}? It is removed from every profile; segments that use it stop matching on it.`} then="/profiles/computed" />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && (
        <form
          className="grid max-w-4xl gap-4 rounded-lg bg-white p-5 ring-1 ring-slate-200 sm:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <TextField label="Trait name" placeholder="lifetime_value" value={form.name} onChange={set("name")} />
          <SelectField label="Aggregate" value={form.aggregate} onChange={set("aggregate")}>
            {Object.entries(AGG_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </SelectField>
          <TextField label="Event" list="ct-events" placeholder="Order Completed" value={form.event} onChange={set("event")} />
          <datalist id="ct-events">{vocab?.events.map((e) => <option key={e} value={e} />)}</datalist>
          {form.aggregate !== "count" && (
            <>
              <TextField label="Property" list="ct-props" placeholder="revenue" value={form.property} onChange={set("property")} hint="Or $time for the event's time (first, last, min, max)." />
              <datalist id="ct-props">
                <option value="$time" />
                {props.map((p) => <option key={p.name} value={p.name} />)}
              </datalist>
            </>
          )}
          <SelectField label="Over" value={form.window} onChange={set("window")}>
            <option value="ever">all time</option>
            <option value="last">the last N days</option>
          </SelectField>
          {form.window === "last" && <TextField label="Days" type="number" min={1} value={form.days} onChange={set("days")} />}
          <div className="flex items-end sm:col-span-3">
            <Button type="submit" busy={create.isPending}>
              Add computed trait
            </Button>
          </div>
          {create.error && (
            <div className="sm:col-span-3">
              <Alert>{(create.error as Error).message}</Alert>
            </div>
          )}
        </form>
      )}
    </div>
  );
}
