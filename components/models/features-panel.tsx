"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Feature, FeatureSpec } from "@/lib/ml/features/schema";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { inlineControl } from "@/components/ui/field";
import { useVocabulary } from "@/components/segments/use-vocabulary";

/** How a feature is computed, in words. */
export function describeSpec(s: FeatureSpec): string {
  const ev = (e: string) => (e === "*" ? "any event" : e);
  const win = (d: number | null) => (d ? `in the last ${d} days` : "ever");
  switch (s.kind) {
    case "event":
      return `${s.aggregate === "count" ? "Count" : s.aggregate === "distinct_count" ? `Distinct ${s.property}` : `${s.aggregate[0]!.toUpperCase()}${s.aggregate.slice(1)} of ${s.property}`} of ${ev(s.event)} ${win(s.windowDays)}${s.filters.length ? " (filtered)" : ""}`;
    case "recency":
      return s.event === "*" ? "Days since the last event" : `Days since the last ${s.event}`;
    case "frequency":
      return `Days with ${ev(s.event)} ${win(s.windowDays)}`;
    case "trait":
      return `Trait ${s.trait}`;
    case "ratio":
      return `${s.numerator} ÷ ${s.denominator}`;
  }
}

type Draft = { name: string; kind: FeatureSpec["kind"]; aggregate: string; event: string; property: string; windowDays: string; trait: string; numerator: string; denominator: string };
const EMPTY: Draft = { name: "", kind: "event", aggregate: "count", event: "*", property: "", windowDays: "30", trait: "", numerator: "", denominator: "" };

function toSpec(d: Draft): FeatureSpec {
  const windowDays = d.windowDays ? Number(d.windowDays) : null;
  if (d.kind === "event") return { kind: "event", aggregate: d.aggregate as "count", event: d.event, property: d.property || undefined, filters: [], windowDays };
  if (d.kind === "recency") return { kind: "recency", event: d.event, filters: [] };
  if (d.kind === "frequency") return { kind: "frequency", event: d.event, filters: [], windowDays };
  if (d.kind === "trait") return { kind: "trait", trait: d.trait };
  return { kind: "ratio", numerator: d.numerator, denominator: d.denominator };
}

/** The workspace's features: what each computes, and a row to define a new one. */
export function FeaturesPanel({ initial, canWrite }: { initial: Feature[]; canWrite: boolean }) {
  const qc = useQueryClient();
  const vocab = useVocabulary().data;
  const list = useQuery({ queryKey: ["features"], queryFn: () => api<{ features: Feature[] }>("/api/features"), initialData: { features: initial } });
  const [d, setD] = useState<Draft>(EMPTY);
  const create = useMutation({
    mutationFn: () => api("/api/features", { method: "POST", body: { name: d.name, spec: toSpec(d) } }),
    onSuccess: () => {
      setD(EMPTY);
      return qc.invalidateQueries({ queryKey: ["features"] });
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/features/${id}`, { method: "DELETE" }), onSuccess: () => qc.invalidateQueries({ queryKey: ["features"] }) });
  const features = list.data.features;
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const events = ["*", ...(vocab?.events ?? [])];
  return (
    <div className="space-y-4">
      {features.length === 0 ? (
        <p className="text-sm text-slate-600">No features yet. Define the first below (for example, orders in the last 90 days), then choose it when you create a model.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="features">
          {features.map((f) => (
            <li key={f.id} className="flex items-center gap-3 py-2">
              <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{f.name}</code>
              <span className="text-slate-700">{describeSpec(f.spec)}</span>
              {canWrite && (
                <Button variant="ghost" className="ml-auto px-2 py-1 text-xs" onClick={() => remove.mutate(f.id)} busy={remove.isPending && remove.variables === f.id}>
                  Delete
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.error && <Alert>{(remove.error as Error).message}</Alert>}
      {canWrite && (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-3 text-sm" aria-label="New feature">
          <input className={inlineControl} placeholder="name, like orders_90d" value={d.name} onChange={(e) => set({ name: e.target.value })} aria-label="Feature name" />
          <select className={inlineControl} value={d.kind} onChange={(e) => set({ kind: e.target.value as Draft["kind"] })} aria-label="Feature kind">
            <option value="event">aggregate of an event</option>
            <option value="recency">days since an event</option>
            <option value="frequency">active days</option>
            <option value="trait">a trait</option>
            <option value="ratio">a ratio of two features</option>
          </select>
          {d.kind === "event" && (
            <select className={inlineControl} value={d.aggregate} onChange={(e) => set({ aggregate: e.target.value })} aria-label="Aggregate">
              {["count", "sum", "avg", "min", "max", "distinct_count"].map((a) => <option key={a}>{a}</option>)}
            </select>
          )}
          {d.kind === "event" && d.aggregate !== "count" && <input className={inlineControl} placeholder="property, like revenue" value={d.property} onChange={(e) => set({ property: e.target.value })} aria-label="Property" />}
          {(d.kind === "event" || d.kind === "recency" || d.kind === "frequency") && (
            <select className={inlineControl} value={d.event} onChange={(e) => set({ event: e.target.value })} aria-label="Event">
              {events.map((e) => <option key={e} value={e}>{e === "*" ? "any event" : e}</option>)}
            </select>
          )}
          {(d.kind === "event" || d.kind === "frequency") && (
            <select className={inlineControl} value={d.windowDays} onChange={(e) => set({ windowDays: e.target.value })} aria-label="Window">
              <option value="7">last 7 days</option>
              <option value="30">last 30 days</option>
              <option value="90">last 90 days</option>
              <option value="">ever</option>
            </select>
          )}
          {d.kind === "trait" && (
            <select className={inlineControl} value={d.trait} onChange={(e) => set({ trait: e.target.value })} aria-label="Trait">
              <option value="">choose a trait</option>
              {(vocab?.traits ?? []).map((t) => <option key={t.name}>{t.name}</option>)}
            </select>
          )}
          {d.kind === "ratio" && (
            <>
              <select className={inlineControl} value={d.numerator} onChange={(e) => set({ numerator: e.target.value })} aria-label="Numerator">
                <option value="">numerator</option>
                {features.map((f) => <option key={f.id}>{f.name}</option>)}
              </select>
              ÷
              <select className={inlineControl} value={d.denominator} onChange={(e) => set({ denominator: e.target.value })} aria-label="Denominator">
                <option value="">denominator</option>
                {features.map((f) => <option key={f.id}>{f.name}</option>)}
              </select>
            </>
          )}
          <Button variant="secondary" onClick={() => create.mutate()} busy={create.isPending} disabled={!d.name}>
            Add feature
          </Button>
        </div>
      )}
      {create.error && <Alert>{(create.error as Error).message}</Alert>}
    </div>
  );
}
