"use client";
import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

/** Compact inline controls for condition rows that read as sentences; each carries an aria-label. */
const base = "rounded-md border-0 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500 focus:outline-none";

export function InlineSelect({ label, className, invalid, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; invalid?: boolean }) {
  return <select aria-label={label} aria-invalid={invalid || undefined} className={cn(base, "pr-7", invalid && "ring-red-400", className)} {...rest} />;
}

export function InlineInput({ label, className, invalid, ...rest }: InputHTMLAttributes<HTMLInputElement> & { label: string; invalid?: boolean }) {
  return <input aria-label={label} aria-invalid={invalid || undefined} className={cn(base, invalid && "ring-red-400", className)} {...rest} />;
}

/** A number box that keeps what is typed and reports a number (or undefined while empty). */
export function NumberInput({ label, value, onValue, className, invalid, min }: { label: string; value: number | undefined; onValue: (n: number | undefined) => void; className?: string; invalid?: boolean; min?: number }) {
  return (
    <InlineInput
      label={label}
      type="number"
      inputMode="decimal"
      min={min}
      className={className ?? "w-24"}
      invalid={invalid}
      value={value ?? ""}
      onChange={(e) => onValue(e.target.value === "" ? undefined : Number(e.target.value))}
    />
  );
}

export function FieldError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-1 text-xs text-red-600">
      {message}
    </p>
  );
}
