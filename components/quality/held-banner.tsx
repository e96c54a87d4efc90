"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";

export type HeldAction = { label: string; path: string; secondary?: boolean };

/** What a circuit breaker held and why, with the decisions a person can take (release, discard). */
export function HeldBanner({ title, reason, actions, canWrite, onDone }: { title: string; reason: string | null; actions: HeldAction[]; canWrite: boolean; onDone: () => Promise<void> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (a: HeldAction) => {
    setBusy(a.label);
    setError(null);
    try {
      await api(a.path, { method: "POST" });
      await onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Alert tone="warning" title={title}>
      <p className="mb-2" data-testid="held-reason">{reason}</p>
      {canWrite && (
        <div className="flex flex-wrap gap-2">
          {actions.map((a) => (
            <Button key={a.label} variant={a.secondary ? "secondary" : undefined} busy={busy === a.label} onClick={() => run(a)}>
              {a.label}
            </Button>
          ))}
        </div>
      )}
      {error && <p className="mt-2 text-red-700">{error}</p>}
    </Alert>
  );
}
