"use client";
import { useState, type FormEvent } from "react";

/**
 * A form's submit handler with its busy and error state: the action gets the form's data; an error
 * it throws is shown, and success leaves the form busy (the action navigates away).
 */
export function useSubmit(action: (form: FormData) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await action(form);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }
  return { onSubmit, error, busy };
}
