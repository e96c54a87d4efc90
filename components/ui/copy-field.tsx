"use client";
import { useState } from "react";
import { Check, Copy } from "lucide-react";

/** A read-only value with a copy button: for invite links and one-time secrets. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-stretch gap-2">
      <input aria-label={label} readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-xs ring-1 ring-slate-300 ring-inset" />
      <button
        type="button"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
        className="inline-flex items-center gap-1 rounded-md bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
      >
        {copied ? <Check aria-hidden className="h-4 w-4 text-emerald-600" /> : <Copy aria-hidden className="h-4 w-4" />}
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
