"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { AlertSettings } from "@/lib/quality/alerts";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

/** Where anomaly alerts go besides this page. */
export function AlertSettingsForm({ initial, canWrite }: { initial: AlertSettings; canWrite: boolean }) {
  const [webhookUrl, setWebhookUrl] = useState(initial.webhookUrl);
  const [emails, setEmails] = useState(initial.emails.join(", "));
  const save = useMutation({ mutationFn: () => api<{ alerts: AlertSettings }>("/api/quality/alerts", { method: "PUT", body: { webhookUrl: webhookUrl.trim(), emails: emails.split(/[\s,;]+/).filter(Boolean) } }) });
  return (
    <form
      className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      aria-label="Anomaly alerts"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <TextField label="Webhook (JSON POST)" placeholder="https://hooks.slack.com/…" value={webhookUrl} onChange={(e) => setWebhookUrl(e.target.value)} disabled={!canWrite} />
      <TextField label="Email addresses" placeholder="data@acme.com, oncall@acme.com" value={emails} onChange={(e) => setEmails(e.target.value)} disabled={!canWrite} hint="Sent through Settings → Email (or SMTP_URL)." />
      {canWrite && <Button type="submit" variant="secondary" busy={save.isPending}>Save alerts</Button>}
      {save.error && <div className="sm:col-span-3"><Alert>{(save.error as Error).message}</Alert></div>}
      {save.isSuccess && <p className="text-sm text-emerald-700 sm:col-span-3">Saved: new anomalies are announced there as they open.</p>}
    </form>
  );
}
