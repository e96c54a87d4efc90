"use client";
import { useState } from "react";
import type { SyncSummary } from "@/lib/activation/syncs";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { HeldBanner } from "@/components/quality/held-banner";

/** The held-changes banner (release or discard) and the breaker's settings. */
export function BreakerPanel({ sync, canWrite, onChange }: { sync: SyncSummary; canWrite: boolean; onChange: () => Promise<void> }) {
  const b = sync.breaker ?? { enabled: false, maxChangePercent: 20, onAnomaly: true, minAudience: 100 };
  const [form, setForm] = useState(b);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const call = async (label: string, path: string, method: string, body?: unknown) => {
    setBusy(label);
    setError(null);
    try {
      await api(path, { method, body });
      await onChange();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const changed = JSON.stringify(form) !== JSON.stringify(b);
  return (
    <div className="space-y-4" data-testid="breaker">
      {sync.status === "held" && (
        <HeldBanner
          title="Held by the circuit breaker: nothing was sent"
          reason={sync.heldReason}
          canWrite={canWrite}
          onDone={onChange}
          actions={[
            { label: "Release and send", path: `/api/syncs/${sync.id}/breaker/release` },
            { label: "Discard and pause the sync", path: `/api/syncs/${sync.id}/breaker/discard`, secondary: true },
          ]}
        />
      )}
      <fieldset disabled={!canWrite} className="flex flex-wrap items-end gap-4 text-sm">
        <label className="flex items-center gap-2 pb-2">
          <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> Hold changes when the data looks broken
        </label>
        <TextField className="w-40" label="Largest change per run (%)" type="number" min={1} max={100} value={form.maxChangePercent} onChange={(e) => setForm({ ...form, maxChangePercent: Number(e.target.value) })} />
        <TextField className="w-40" label="Judge audiences from" type="number" min={0} value={form.minAudience} onChange={(e) => setForm({ ...form, minAudience: Number(e.target.value) })} hint="people in the destination" />
        <label className="flex items-center gap-2 pb-2">
          <input type="checkbox" checked={form.onAnomaly} onChange={(e) => setForm({ ...form, onAnomaly: e.target.checked })} /> and while a data anomaly is open
        </label>
        {canWrite && (
          <Button variant="secondary" disabled={!changed} busy={busy === "save"} onClick={() => call("save", `/api/syncs/${sync.id}/breaker`, "PUT", form)}>
            Save breaker
          </Button>
        )}
      </fieldset>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
