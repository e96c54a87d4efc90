"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { useVocabulary } from "@/components/segments/use-vocabulary";
import { TEMPLATES } from "@/lib/journeys/templates";

/** Name the journey, pick a starting point, and open it on the canvas as a draft. */
export function NewJourney() {
  const router = useRouter();
  const vocab = useVocabulary().data;
  const [name, setName] = useState("");
  const [template, setTemplate] = useState(TEMPLATES[0]!.key);
  const create = useMutation({
    mutationFn: () => {
      const t = TEMPLATES.find((x) => x.key === template)!;
      return api<{ journey: { id: string } }>("/api/journeys", { method: "POST", body: { name, graph: t.graph(vocab?.segments ?? []) } });
    },
    onSuccess: (r) => router.push(`/journeys/${r.journey.id}`),
  });
  return (
    <form
      className="max-w-2xl space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <TextField label="Name" placeholder="Abandoned cart reminder" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">Start from</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {TEMPLATES.map((t) => (
            <label key={t.key} className={cn("cursor-pointer rounded-lg bg-white p-4 ring-1", template === t.key ? "ring-2 ring-brand-500" : "ring-slate-200 hover:ring-slate-300")}>
              <input type="radio" name="template" value={t.key} checked={template === t.key} onChange={() => setTemplate(t.key)} className="sr-only" />
              <span className="block text-sm font-semibold text-slate-900">{t.name}</span>
              <span className="mt-1 block text-xs text-slate-600">{t.description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {create.error && <Alert>{(create.error as Error).message}</Alert>}
      <Button type="submit" busy={create.isPending}>
        Create draft
      </Button>
    </form>
  );
}
