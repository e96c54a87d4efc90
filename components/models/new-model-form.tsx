"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { Feature } from "@/lib/ml/features/schema";
import type { Model } from "@/lib/ml/models/store";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useVocabulary } from "@/components/segments/use-vocabulary";

type Kind = "churn" | "propensity" | "label";
/** Identifiers and names say who someone is, not what they will do: left out when choosing all traits. */
const PERSONAL = /email|^name$|first_name|last_name|^phone$|phone_number|^address|(^|_)id$/i;
const snake = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^(\d)/, "m_$1").slice(0, 60);
const KINDS: { kind: Kind; title: string; hint: string }[] = [
  { kind: "churn", title: "Churn", hint: "Who among active customers will go quiet" },
  { kind: "propensity", title: "Propensity", hint: "Who will do something: buy, subscribe, upgrade" },
  { kind: "label", title: "From a label", hint: "Imported profiles with the answer in a trait (churned = Yes)" },
];

/** Defines a model: what it predicts, over which horizon, from which features and traits; its first training starts on save. */
export function NewModelForm() {
  const router = useRouter();
  const vocab = useVocabulary().data;
  const features = useQuery({ queryKey: ["features"], queryFn: () => api<{ features: Feature[] }>("/api/features") });
  const models = useQuery({ queryKey: ["models"], queryFn: () => api<{ models: Model[] }>("/api/models") });
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("churn");
  const [event, setEvent] = useState("Order Completed");
  const [activity, setActivity] = useState("*");
  const [horizon, setHorizon] = useState(30);
  const [activeDays, setActiveDays] = useState(30);
  const [labelTrait, setLabelTrait] = useState("");
  const [positive, setPositive] = useState("true");
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [traits, setTraits] = useState<Set<string>>(new Set());
  const [algorithm, setAlgorithm] = useState("auto");
  const [scoreTrait, setScoreTrait] = useState<string | null>(null);
  const [retrain, setRetrain] = useState(7);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scoreTraits = useMemo(() => new Set((models.data?.models ?? []).map((m) => m.scoreTrait)), [models.data]);
  const traitOptions = (vocab?.traits ?? []).filter((t) => !scoreTraits.has(t.name) && t.name !== labelTrait && !t.name.startsWith("consent"));
  const allFeatures = features.data?.features ?? [];
  const chosenFeatures = picked ?? new Set(kind === "label" ? [] : allFeatures.map((f) => f.name));
  const toggle = (set: Set<string>, v: string) => (set.has(v) ? new Set([...set].filter((x) => x !== v)) : new Set([...set, v]));
  const score = scoreTrait ?? (snake(name) ? `${snake(name)}_score` : "");
  const target =
    kind === "churn" ? { kind, activityEvent: activity, activeDays, horizonDays: horizon }
    : kind === "propensity" ? { kind, event, horizonDays: horizon }
    : { kind, trait: labelTrait, positive };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ model: Model }>("/api/models", {
        method: "POST",
        body: { name, target, features: [...chosenFeatures], traits: [...traits], algorithm, scoreTrait: score, retrainEveryDays: retrain || null },
      });
      router.push(`/models/${r.model.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="max-w-3xl space-y-6">
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Churn risk" />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">What should it predict?</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {KINDS.map((k) => (
            <label key={k.kind} className={`cursor-pointer rounded-md p-3 text-sm ring-1 ${kind === k.kind ? "bg-brand-50 ring-brand-500" : "ring-slate-200 hover:bg-slate-50"}`}>
              <input type="radio" name="kind" className="sr-only" checked={kind === k.kind} onChange={() => setKind(k.kind)} />
              <span className="block font-medium text-slate-900">{k.title}</span>
              <span className="text-slate-600">{k.hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "propensity" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Event to predict" value={event} onChange={(e) => setEvent(e.target.value)}>
            {[...new Set([event, ...(vocab?.events ?? [])])].map((e) => <option key={e}>{e}</option>)}
          </SelectField>
          <TextField label="Within how many days" type="number" min={1} max={365} value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} />
        </div>
      )}
      {kind === "churn" && (
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField label="Activity that counts" value={activity} onChange={(e) => setActivity(e.target.value)}>
            <option value="*">Any event</option>
            {(vocab?.events ?? []).map((e) => <option key={e}>{e}</option>)}
          </SelectField>
          <TextField label="Active means: in the last (days)" type="number" min={1} value={activeDays} onChange={(e) => setActiveDays(Number(e.target.value))} />
          <TextField label="Churned means: none within (days)" type="number" min={1} max={365} value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} />
        </div>
      )}
      {kind === "label" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Trait with the answer" value={labelTrait} onChange={(e) => setLabelTrait(e.target.value)} hint="From a CSV import of profiles, like churn">
            <option value="">Choose a trait</option>
            {(vocab?.traits ?? []).map((t) => <option key={t.name}>{t.name}</option>)}
          </SelectField>
          <TextField label="Value that means yes" value={positive} onChange={(e) => setPositive(e.target.value)} hint="Like true or Yes (case does not matter)" />
        </div>
      )}
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Learn from</legend>
        <p className="mb-2 text-xs text-slate-500">Features are computed from events as they were at each moment the model learns from; traits as they were then too.</p>
        {allFeatures.length > 0 && (
          <div className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Features">
            {allFeatures.map((f) => (
              <label key={f.name} className="flex items-center gap-1.5" title={f.description}>
                <input type="checkbox" checked={chosenFeatures.has(f.name)} onChange={() => setPicked(toggle(chosenFeatures, f.name))} /> {f.name}
              </label>
            ))}
          </div>
        )}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" aria-label="Traits">
          <span className="text-xs font-medium text-slate-500 uppercase">Traits</span>
          {traitOptions.length > 0 && (
            <button type="button" className="text-xs text-brand-700 underline" onClick={() => setTraits(traits.size ? new Set() : new Set(traitOptions.filter((t) => !PERSONAL.test(t.name)).map((t) => t.name)))}>
              {traits.size ? "none" : "all but identifiers"}
            </button>
          )}
          {traitOptions.map((t) => (
            <label key={t.name} className="flex items-center gap-1.5">
              <input type="checkbox" checked={traits.has(t.name)} onChange={() => setTraits(toggle(traits, t.name))} /> {t.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField label="Algorithm" value={algorithm} onChange={(e) => setAlgorithm(e.target.value)}>
          <option value="auto">Best of both</option>
          <option value="gbt">Gradient-boosted trees</option>
          <option value="logistic">Logistic regression</option>
        </SelectField>
        <TextField label="Write the score to trait" value={score} onChange={(e) => setScoreTrait(e.target.value)} hint="Use it in segments, journeys and syncs" />
        <TextField label="Retrain every (days)" type="number" min={1} value={retrain} onChange={(e) => setRetrain(Number(e.target.value))} hint="And whenever the data drifts" />
      </div>
      {error && <Alert>{error}</Alert>}
      <Button onClick={submit} busy={busy} disabled={!name.trim()}>
        Create and train
      </Button>
    </div>
  );
}
