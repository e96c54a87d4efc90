"use client";
import { useState } from "react";
import type { Offer } from "@/lib/ml/decide/offers";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useVocabulary } from "@/components/segments/use-vocabulary";

const OPS = { eq: "is", neq: "is not", gt: "greater than", lt: "less than", exists: "exists", contains: "contains" } as const;

/** A new offer: what to show, who may get it, its priority and caps, what counts as a conversion. */
export function OfferForm({ onSaved }: { onSaved: (o: Offer) => void }) {
  const vocab = useVocabulary().data;
  const [f, setF] = useState({ key: "", name: "", title: "", body: "", url: "", segment: "", consent: "", trait: "", op: "eq", value: "", priority: 5, capMax: "", capDays: 7, event: "Order Completed", windowDays: 7 });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  const save = async () => {
    setBusy(true);
    setError(null);
    const number = Number(f.value);
    try {
      const r = await api<{ offer: Offer }>("/api/offers", {
        method: "POST",
        body: {
          key: f.key,
          name: f.name,
          payload: Object.fromEntries(Object.entries({ title: f.title, body: f.body, url: f.url }).filter(([, v]) => v)),
          eligibility: {
            segments: f.segment ? [f.segment] : [],
            consent: f.consent || null,
            traits: f.trait ? [{ trait: f.trait, op: f.op, value: f.value !== "" && Number.isFinite(number) && (f.op === "gt" || f.op === "lt") ? number : f.value }] : [],
          },
          priority: f.priority,
          caps: { perProfile: f.capMax ? { max: Number(f.capMax), days: f.capDays } : null },
          conversion: { event: f.event, windowDays: f.windowDays },
        },
      });
      onSaved(r.offer);
      setF({ ...f, key: "", name: "", title: "", body: "", url: "" });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4" aria-label="New offer">
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Offer name" value={f.name} onChange={(e) => set({ name: e.target.value, key: f.key || e.target.value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") })} placeholder="Free shipping over €50" />
        <TextField label="Key" value={f.key} onChange={(e) => set({ key: e.target.value })} hint="What the decision API returns" />
        <TextField label="Priority (1–10)" type="number" min={1} max={10} value={f.priority} onChange={(e) => set({ priority: Number(e.target.value) })} hint="Higher tiers win; the bandit chooses within one" />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Title" value={f.title} onChange={(e) => set({ title: e.target.value })} />
        <TextField label="Text" value={f.body} onChange={(e) => set({ body: e.target.value })} />
        <TextField label="Link" value={f.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://shop.example/shipping" />
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        <SelectField label="Only for the segment" value={f.segment} onChange={(e) => set({ segment: e.target.value })}>
          <option value="">Everyone</option>
          {(vocab?.segments ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </SelectField>
        <SelectField label="Needs consent" value={f.consent} onChange={(e) => set({ consent: e.target.value })}>
          <option value="">None</option>
          {(vocab?.purposes ?? []).map((p) => <option key={p} value={p}>{p.replace("_", " ")}</option>)}
        </SelectField>
        <TextField label="At most, per person" type="number" min={1} value={f.capMax} onChange={(e) => set({ capMax: e.target.value })} placeholder="no cap" />
        <TextField label="…in days" type="number" min={1} value={f.capDays} onChange={(e) => set({ capDays: Number(e.target.value) })} />
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        <SelectField label="When the trait" value={f.trait} onChange={(e) => set({ trait: e.target.value })}>
          <option value="">(no trait rule)</option>
          {(vocab?.traits ?? []).map((t) => <option key={t.name}>{t.name}</option>)}
        </SelectField>
        <SelectField label="Compares" value={f.op} onChange={(e) => set({ op: e.target.value })} disabled={!f.trait}>
          {Object.entries(OPS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </SelectField>
        <TextField label="Value" value={f.value} onChange={(e) => set({ value: e.target.value })} disabled={!f.trait || f.op === "exists"} />
        <div />
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        <SelectField label="A conversion is" value={f.event} onChange={(e) => set({ event: e.target.value })}>
          {[...new Set([f.event, ...(vocab?.events ?? [])])].map((e) => <option key={e}>{e}</option>)}
        </SelectField>
        <TextField label="Within (days of the decision)" type="number" min={1} max={90} value={f.windowDays} onChange={(e) => set({ windowDays: Number(e.target.value) })} />
      </div>
      {error && <Alert>{error}</Alert>}
      <Button onClick={save} busy={busy} disabled={!f.name || !f.key}>
        Add offer
      </Button>
    </div>
  );
}
