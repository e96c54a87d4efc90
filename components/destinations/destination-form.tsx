"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ProviderInfo } from "@/lib/activation/destinations";
import type { DestinationSummary } from "@/lib/activation/store";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { PURPOSE_LABELS } from "./labels";
import { ProviderIcon } from "./provider-icon";

/** Step one: the catalogue of destination kinds, grouped as marketers think of them. */
function Catalogue({ providers, onPick }: { providers: ProviderInfo[]; onPick: (p: ProviderInfo) => void }) {
  const categories = [...new Set(providers.map((p) => p.category))];
  return (
    <div className="space-y-6">
      {categories.map((c) => (
        <section key={c}>
          <h2 className="mb-2 text-sm font-semibold tracking-wide text-slate-500 uppercase">{c}</h2>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {providers
              .filter((p) => p.category === c)
              .map((p) => (
                <button
                  key={p.kind}
                  type="button"
                  onClick={() => onPick(p)}
                  className="flex items-start gap-3 rounded-lg bg-white p-4 text-left shadow-sm ring-1 ring-slate-200 hover:ring-brand-400 focus:ring-2 focus:ring-brand-500 focus:outline-none"
                >
                  <ProviderIcon kind={p.kind} />
                  <span>
                    <span className="block font-medium text-slate-900">{p.label}</span>
                    <span className="mt-0.5 block text-sm text-slate-600">{p.description}</span>
                  </span>
                </button>
              ))}
          </div>
        </section>
      ))}
    </div>
  );
}

export function DestinationForm({ providers, purposes, initial }: { providers: ProviderInfo[]; purposes: string[]; initial?: DestinationSummary }) {
  const router = useRouter();
  const [provider, setProvider] = useState<ProviderInfo | null>(initial ? (providers.find((p) => p.kind === initial.kind) ?? null) : null);
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const p = provider!;
    const config: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    for (const f of p.fields) (f.secret ? secrets : config)[f.key] = String(form.get(f.key) ?? "");
    const body = {
      kind: p.kind,
      name: form.get("name"),
      config,
      secrets,
      purpose: form.get("purpose") || null,
      ratePerSecond: form.get("ratePerSecond"),
      concurrency: form.get("concurrency"),
    };
    const res = initial
      ? await api<{ destination: DestinationSummary }>(`/api/destinations/${initial.id}`, { method: "PUT", body })
      : await api<{ destination: DestinationSummary }>("/api/destinations", { method: "POST", body });
    router.push(`/destinations/${res.destination.id}`);
    router.refresh();
  });
  if (!provider) return <Catalogue providers={providers} onPick={setProvider} />;
  const purposeDefault = initial ? (initial.purpose ?? "") : (provider.defaultPurpose ?? "");
  return (
    <form onSubmit={onSubmit} className="max-w-2xl">
      <Card
        title={
          <span className="flex items-center gap-3">
            <ProviderIcon kind={provider.kind} size="sm" /> {provider.label}
          </span>
        }
        description={provider.description}
        actions={
          !initial && (
            <Button type="button" variant="ghost" onClick={() => setProvider(null)}>
              Choose another
            </Button>
          )
        }
      >
        <div className="space-y-4">
          <TextField label="Name" name="name" required defaultValue={initial?.name ?? provider.label} hint="How this destination is called in syncs and history." />
          {provider.fields.map((f) => {
            const stored = initial?.secretsSet.includes(f.key);
            const common = { key: f.key, name: f.key, label: f.label + (f.required ? "" : " (optional)") };
            if (f.type === "select")
              return (
                <SelectField {...common} key={f.key} defaultValue={initial?.config[f.key] ?? f.options?.[0]} hint={f.help}>
                  {f.options?.map((o) => <option key={o}>{o}</option>)}
                </SelectField>
              );
            if (f.type === "textarea")
              return (
                <label key={f.key} className="block">
                  <span className="mb-1 block text-sm font-medium text-slate-700">{common.label}</span>
                  <textarea name={f.key} rows={3} defaultValue={initial?.config[f.key] ?? ""} placeholder={f.placeholder} className="block w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500" />
                  {f.help && <span className="mt-1 block text-xs text-slate-500">{f.help}</span>}
                </label>
              );
            return (
              <TextField
                {...common}
                key={f.key}
                type={f.secret ? "password" : f.type === "number" ? "number" : "text"}
                autoComplete="off"
                required={f.required && !(f.secret && stored)}
                defaultValue={f.secret ? "" : (initial?.config[f.key] ?? "")}
                placeholder={f.secret && stored ? "•••••••• stored — leave empty to keep" : f.placeholder}
                hint={f.secret ? `${f.help ? `${f.help} ` : ""}Stored encrypted; never shown again.` : f.help}
              />
            );
          })}
          <SelectField label="Consent required" name="purpose" defaultValue={purposeDefault} hint="Only profiles that granted this purpose are sent; withdrawing it removes them at the next run.">
            <option value="">None (internal tool, no consent needed)</option>
            {purposes.map((p) => (
              <option key={p} value={p}>
                {PURPOSE_LABELS[p] ?? p}
              </option>
            ))}
          </SelectField>
          <div className="grid grid-cols-2 gap-4">
            <TextField label="Requests per second" name="ratePerSecond" type="number" min={1} max={1000} defaultValue={initial?.ratePerSecond ?? 20} hint="The provider's rate limit." />
            <TextField label="Requests at a time" name="concurrency" type="number" min={1} max={16} defaultValue={initial?.concurrency ?? 2} />
          </div>
          {error && <Alert>{error}</Alert>}
          <div className="flex gap-2">
            <Button type="submit" busy={busy}>
              {initial ? "Save changes" : "Save destination"}
            </Button>
            <Button type="button" variant="secondary" onClick={() => router.back()}>
              Cancel
            </Button>
          </div>
        </div>
      </Card>
    </form>
  );
}
