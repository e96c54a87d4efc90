"use client";
import { useState } from "react";
import type { JourneyBreaker } from "@/lib/journeys/breaker";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

const OFF: JourneyBreaker = { enabled: false, onAnomaly: true, maxEntriesPerHour: null };

/** The journey's circuit breaker: hold everyone (nothing sent) on an entry spike or an open data anomaly. */
export function JourneyBreakerPanel({ journeyId, breaker, canWrite, onSaved }: { journeyId: string; breaker: JourneyBreaker | null; canWrite: boolean; onSaved: () => Promise<void> }) {
  const b = breaker ?? OFF;
  const [form, setForm] = useState(b);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/journeys/${journeyId}/breaker`, { method: "PUT", body: form });
      await onSaved();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-3" data-testid="journey-breaker">
      <h3 className="text-sm font-semibold text-slate-900">Circuit breaker</h3>
      <p className="max-w-2xl text-sm text-slate-600">
        When the data looks broken, hold the journey: people keep entering, but nobody moves on and nothing is sent until someone releases them or discards the held entries.
      </p>
      <fieldset disabled={!canWrite} className="flex flex-wrap items-end gap-4 text-sm">
        <label className="flex items-center gap-2 pb-2">
          <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> Hold when the data looks broken
        </label>
        <TextField
          className="w-48"
          label="Most entries in an hour"
          type="number"
          min={1}
          placeholder="no limit"
          value={form.maxEntriesPerHour ?? ""}
          onChange={(e) => setForm({ ...form, maxEntriesPerHour: e.target.value === "" ? null : Number(e.target.value) })}
          hint="more, and the journey is held"
        />
        <label className="flex items-center gap-2 pb-2">
          <input type="checkbox" checked={form.onAnomaly} onChange={(e) => setForm({ ...form, onAnomaly: e.target.checked })} /> and while a data anomaly is open
        </label>
        {canWrite && (
          <Button variant="secondary" disabled={JSON.stringify(form) === JSON.stringify(b)} busy={busy} onClick={save}>
            Save breaker
          </Button>
        )}
      </fieldset>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
