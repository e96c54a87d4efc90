"use client";
import type { SyncRun } from "@/lib/activation/history";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { formatDuration, RUN_KIND, RUN_STATUS, runTone } from "./labels";

const n = (v: number) => (v ? v.toLocaleString() : <span className="text-slate-300">0</span>);

/** Run history: what each run sent, how long it took, and why it failed when it did. */
export function RunsTable({ runs }: { runs: SyncRun[] }) {
  if (runs.length === 0) return <p className="text-sm text-slate-500">No runs yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="runs-table">
        <TableHead
          columns={[
            "Started",
            "Kind",
            "Status",
            { label: "Added", className: "text-right" },
            { label: "Updated", className: "text-right" },
            { label: "Removed", className: "text-right" },
            { label: "Failed", className: "text-right" },
            { label: "Skipped", className: "text-right" },
            { label: "Duration", className: "text-right" },
          ]}
        />
        <tbody className="divide-y divide-slate-100">
          {runs.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="py-2 pr-4 whitespace-nowrap">
                {formatDateTime(r.startedAt ?? r.queuedAt)}
                <div className="text-xs text-slate-500">by {r.requestedBy}</div>
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">{RUN_KIND[r.kind] ?? r.kind}</td>
              <td className="py-2 pr-4">
                <Badge tone={runTone(r.status)}>{RUN_STATUS[r.status] ?? r.status}</Badge>
                {r.error && <p className="mt-1 max-w-sm text-xs text-red-700">{r.error}</p>}
                {typeof r.detail?.note === "string" && <p className="mt-1 max-w-sm text-xs text-slate-500">{r.detail.note}</p>}
                {typeof r.detail?.file === "string" && (
                  <p className="mt-1 max-w-xs truncate font-mono text-xs text-slate-500" title={r.detail.file}>
                    {r.detail.file.split("/").pop()}
                  </p>
                )}
              </td>
              <td className="py-2 pr-4 text-right tabular-nums text-emerald-700">{n(r.added)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{n(r.updated)}</td>
              <td className="py-2 pr-4 text-right tabular-nums text-amber-700">{n(r.removed)}</td>
              <td className="py-2 pr-4 text-right tabular-nums text-red-700">{n(r.failed)}</td>
              <td className="py-2 pr-4 text-right text-xs text-slate-500" title="Members not sent: no consent for the destination's purpose / no identifier it matches on">
                {r.skippedConsent + r.skippedIdentifier === 0 ? (
                  <span className="text-slate-300">0</span>
                ) : (
                  <>
                    {r.skippedConsent > 0 && <div className="whitespace-nowrap">{r.skippedConsent.toLocaleString()} no consent</div>}
                    {r.skippedIdentifier > 0 && <div className="whitespace-nowrap">{r.skippedIdentifier.toLocaleString()} no identifier</div>}
                  </>
                )}
              </td>
              <td className="py-2 pr-4 text-right tabular-nums whitespace-nowrap">{formatDuration(r.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
