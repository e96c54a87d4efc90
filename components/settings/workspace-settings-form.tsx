"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

type Settings = { name: string; timezone: string; currency: string; locale: string; slug: string; identityTraits: string[] };
type Draft = Omit<Settings, "identityTraits"> & { identityTraits: string };

const toDraft = (s: Settings): Draft => ({ ...s, identityTraits: s.identityTraits.join(", ") });
const traitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);

export function WorkspaceSettingsForm({ settings, timezones, canWrite }: { settings: Settings; timezones: string[]; canWrite: boolean }) {
  const router = useRouter();
  const [draft, setDraft] = useState(toDraft(settings));
  const [saved, setSaved] = useState(toDraft(settings));
  const dirty = (["name", "timezone", "currency", "locale"] as const).some((k) => draft[k] !== saved[k]) || traitList(draft.identityTraits).join(",") !== traitList(saved.identityTraits).join(",");
  const save = useMutation({
    mutationFn: () =>
      api<{ workspace: Settings }>("/api/settings/workspace", {
        method: "PATCH",
        body: { name: draft.name, timezone: draft.timezone, currency: draft.currency, locale: draft.locale, identityTraits: traitList(draft.identityTraits) },
      }),
    onSuccess: (d) => {
      setSaved(toDraft(d.workspace));
      setDraft(toDraft(d.workspace));
      router.refresh();
    },
  });
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <form
      className="grid max-w-2xl gap-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <TextField label="Name" value={draft.name} onChange={set("name")} disabled={!canWrite} className="sm:col-span-2" />
      <SelectField label="Time zone" value={draft.timezone} onChange={set("timezone")} disabled={!canWrite}>
        {timezones.map((tz) => (
          <option key={tz} value={tz}>
            {tz}
          </option>
        ))}
      </SelectField>
      <TextField label="Currency" value={draft.currency} onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })} maxLength={3} disabled={!canWrite} hint="ISO code, like USD or EUR" />
      <TextField label="Locale" value={draft.locale} onChange={set("locale")} disabled={!canWrite} hint="Formats numbers and dates, like en-US or de-DE" />
      <TextField label="Workspace id" value={settings.slug} readOnly disabled hint="Fixed; used in URLs and exports" />
      <TextField
        label="Identifying traits"
        value={draft.identityTraits}
        onChange={set("identityTraits")}
        disabled={!canWrite}
        className="sm:col-span-2"
        placeholder="phone, crm_id"
        hint="Besides user id, anonymous id and email, these traits identify a person: profiles sharing one are merged (phone numbers compare by digits)."
      />
      <div className="flex items-center gap-3 sm:col-span-2">
        {canWrite && (
          <Button type="submit" disabled={!dirty} busy={save.isPending}>
            {save.isPending ? "Saving…" : "Save changes"}
          </Button>
        )}
        {!dirty && save.isSuccess && <span role="status" className="text-sm text-emerald-700">Saved</span>}
        {dirty && <span className="text-sm text-amber-700">Unsaved changes</span>}
      </div>
      {save.isError && (
        <div className="sm:col-span-2">
          <Alert>{save.error.message}</Alert>
        </div>
      )}
    </form>
  );
}
