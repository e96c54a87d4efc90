"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

const PRESET_OPTIONS = [
  ["", "A custom mapping"],
  ["stripe", "Stripe-style billing events"],
  ["hubspot", "HubSpot-style contact updates"],
  ["mailchimp", "Mailchimp-style list events"],
] as const;

export function NewSourceForm() {
  const router = useRouter();
  const [kind, setKind] = useState<"http" | "webhook" | "database">("http");
  const create = useMutation({
    mutationFn: (body: { name: string; allowedOrigins: string[]; kind: "http" | "webhook" | "database"; preset: string | null }) => api<{ source: { id: string } }>("/api/sources", { method: "POST", body }),
    onSuccess: (d) => router.push(`/sources/${d.source.id}`),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const origins = String(f.get("origins") ?? "")
      .split(/[\s,]+/)
      .map((o) => o.trim())
      .filter(Boolean);
    create.mutate({ name: String(f.get("name")), allowedOrigins: kind === "http" ? origins : [], kind, preset: kind === "webhook" ? String(f.get("preset") ?? "") || null : null });
  }
  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-start" noValidate>
      <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as "http" | "webhook" | "database")} hint={{ http: "Segment's libraries and HTTP API", webhook: "JSON or form posts from a CRM, billing or email tool", database: "A table of another PostgreSQL database, on a schedule" }[kind]}>
        <option value="http">Website or app</option>
        <option value="webhook">Webhook from another system</option>
        <option value="database">Database (PostgreSQL)</option>
      </SelectField>
      <TextField label="Source name" name="name" required placeholder={kind === "http" ? "Website" : "Billing"} />
      {kind === "http" ? (
        <TextField label="Allowed origins (optional)" name="origins" placeholder="https://shop.example.com" hint="Browsers from other origins are refused. Leave empty to allow any." />
      ) : kind === "database" ? (
        <p className="text-sm text-slate-600 sm:mt-7">Set the connection and the query on the next page.</p>
      ) : (
        <SelectField label="Start from" name="preset" defaultValue="stripe">
          {PRESET_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      )}
      <Button type="submit" busy={create.isPending} className="sm:mt-6">
        {create.isPending ? "Creating…" : "Create source"}
      </Button>
      {create.isError && (
        <div className="sm:col-span-4">
          <Alert>{create.error.message}</Alert>
        </div>
      )}
    </form>
  );
}
