"use client";
import { CheckCircle2, PlugZap, XCircle } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";

/** Tries the stored credentials and says what the destination answered. */
export function TestConnectionButton({ destinationId }: { destinationId: string }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  async function run() {
    setBusy(true);
    setResult(null);
    try {
      setResult(await api<{ ok: boolean; message: string }>(`/api/destinations/${destinationId}/test`, { method: "POST" }));
    } catch (e) {
      setResult({ ok: false, message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={run} busy={busy}>
        <PlugZap aria-hidden className="h-4 w-4" /> {busy ? "Testing…" : "Test connection"}
      </Button>
      {result && (
        <span role="status" className={`flex items-center gap-1 text-sm ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
          {result.ok ? <CheckCircle2 aria-hidden className="h-4 w-4" /> : <XCircle aria-hidden className="h-4 w-4" />} {result.message}
        </span>
      )}
    </div>
  );
}
