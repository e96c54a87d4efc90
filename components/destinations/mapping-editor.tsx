"use client";
import { Plus, X } from "lucide-react";
import type { Mapping } from "@/lib/activation/schema";
import { Button } from "@/components/ui/button";
import { inlineControl as control } from "@/components/ui/field";

const BUILT_IN = [
  { value: "user_id", label: "User id" },
  { value: "email_identity", label: "Email (identity)" },
  { value: "anonymous_id", label: "Anonymous id" },
  { value: "profile_id", label: "Profile id" },
];


/** Rows of "profile field → destination field". */
export function MappingEditor({ mapping, traits, onChange, required }: { mapping: Mapping; traits: string[]; onChange: (m: Mapping) => void; required: string[] }) {
  const set = (i: number, patch: Partial<Mapping[number]>) => onChange(mapping.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const sources = [...BUILT_IN, ...traits.map((t) => ({ value: `traits.${t}`, label: `Trait: ${t}` }))];
  return (
    <div>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="pb-1 font-medium">From the profile</th>
            <th />
            <th className="pb-1 font-medium">To the destination field</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {mapping.map((m, i) => {
            const known = sources.some((s) => s.value === m.from);
            return (
              <tr key={i}>
                <td className="py-1 pr-2">
                  <select aria-label={`Source of field ${i + 1}`} className={`${control} w-full`} value={m.from} onChange={(e) => set(i, { from: e.target.value })}>
                    {!known && <option value={m.from}>{m.from.startsWith("traits.") ? `Trait: ${m.from.slice(7)}` : m.from}</option>}
                    {sources.map((s) => (
                      <option key={s.value} value={s.value}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-1 text-slate-400">→</td>
                <td className="py-1 pr-2">
                  <input aria-label={`Destination field ${i + 1}`} className={`${control} w-full font-mono`} value={m.to} onChange={(e) => set(i, { to: e.target.value })} />
                </td>
                <td className="py-1">
                  <button type="button" aria-label={`Remove field ${i + 1}`} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" onClick={() => onChange(mapping.filter((_, j) => j !== i))}>
                    <X aria-hidden className="h-4 w-4" />
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="mt-2 flex items-center justify-between gap-3">
        <Button type="button" variant="ghost" onClick={() => onChange([...mapping, { from: traits[0] ? `traits.${traits[0]}` : "user_id", to: "" }])}>
          <Plus aria-hidden className="h-4 w-4" /> Add field
        </Button>
        {required.length > 0 && <p className="text-xs text-slate-500">This destination matches people on {required.join(" or ")}: map at least one.</p>}
      </div>
    </div>
  );
}
