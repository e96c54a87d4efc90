"use client";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "./api";
import { Button } from "./button";

/** Deletes after a confirmation that says what goes with it, then goes to `then`; a refusal is shown beside the button. */
export function ConfirmDeleteButton({ path, question, then }: { path: string; question: string; then: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(null);
    try {
      await api(path, { method: "DELETE" });
      router.push(then);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <span className="inline-flex flex-col items-end">
      <Button variant="danger" onClick={run} busy={busy}>
        <Trash2 aria-hidden className="h-4 w-4" /> Delete
      </Button>
      {error && (
        <span role="alert" className="mt-1 max-w-xs text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
