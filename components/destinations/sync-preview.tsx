"use client";
import { useQuery } from "@tanstack/react-query";
import type { SyncPreview } from "@/lib/activation/history";
import type { Mapping } from "@/lib/activation/schema";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { useDebounced } from "@/components/ui/use-debounced";
import { PURPOSE_LABELS } from "./labels";

const cell = (v: unknown) => (v === undefined || v === null ? <span className="text-slate-400">—</span> : typeof v === "object" ? JSON.stringify(v) : String(v));

/** The mapping applied to the first members, and how many of them this destination can receive. */
export function SyncPreviewTable({ segmentId, destinationId, mapping }: { segmentId: string; destinationId: string; mapping: Mapping }) {
  const key = useDebounced(JSON.stringify({ segmentId, destinationId, mapping }), 400);
  const valid = segmentId && destinationId && mapping.length > 0 && mapping.every((m) => m.to.trim());
  const q = useQuery({
    queryKey: ["sync-preview", key],
    queryFn: ({ signal }) => api<{ preview: SyncPreview }>("/api/syncs/preview", { method: "POST", body: JSON.parse(key), signal }).then((r) => r.preview),
    enabled: Boolean(valid),
    placeholderData: (prev) => prev,
  });
  if (!valid) return <p className="text-sm text-slate-500">Choose a segment and a destination and map at least one field to see what will be sent.</p>;
  if (q.error) return <Alert>{(q.error as Error).message}</Alert>;
  const p = q.data;
  if (!p) return <p className="text-sm text-slate-500">Loading a preview…</p>;
  const columns = mapping.map((m) => m.to);
  const share = p.looked ? Math.round((100 * p.sendable) / p.looked) : 0;
  return (
    <div className="space-y-3" aria-busy={q.isFetching}>
      <p className="text-sm text-slate-700" data-testid="sync-reach">
        <strong>{p.members.toLocaleString()}</strong> members.{p.looked < p.members && <> Of the first {p.looked.toLocaleString()}:</>} <strong>{p.sendable.toLocaleString()}</strong> ({share}%) can be sent
        {p.noConsent > 0 && (
          <>
            ; {p.noConsent.toLocaleString()} have not granted {PURPOSE_LABELS[p.purpose ?? ""] ?? p.purpose} consent
          </>
        )}
        {p.noIdentifier > 0 && <>; {p.noIdentifier.toLocaleString()} lack an identifier the destination matches on</>}.
      </p>
      {p.sample.length === 0 ? (
        <p className="text-sm text-slate-500">The segment has no members yet: the sync sends them as they enter.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-xs">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th className="py-1 pr-3 font-medium">Profile</th>
                {columns.map((c) => (
                  <th key={c} className="py-1 pr-3 font-mono font-medium">
                    {c}
                  </th>
                ))}
                <th className="py-1 font-medium">Sent?</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.sample.map((r) => (
                <tr key={r.profileId}>
                  <td className="py-1 pr-3 text-slate-500">#{r.profileId}</td>
                  {columns.map((c) => (
                    <td key={c} className="max-w-48 truncate py-1 pr-3">
                      {cell(r.fields[c])}
                    </td>
                  ))}
                  <td className="py-1 whitespace-nowrap">
                    {r.sendable ? <span className="text-emerald-700">Yes</span> : <span className="text-amber-700">{r.why === "consent" ? "No consent" : `No ${p.identifiers.join(" or ")}`}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
