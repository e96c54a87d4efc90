"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Pause, Pencil, Play, RefreshCw, RotateCcw } from "lucide-react";
import { useState } from "react";
import type { ParkedRecord, SyncRun } from "@/lib/activation/history";
import type { SyncSummary } from "@/lib/activation/syncs";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { LinkButton } from "@/components/ui/link-button";
import { Stat } from "@/components/ui/stat";
import { TableHead } from "@/components/ui/table-head";
import { BreakerPanel } from "./breaker-panel";
import { RunsChart } from "./runs-chart";
import { RunsTable } from "./runs-table";

function Progress({ run }: { run: SyncRun }) {
  const pct = run.total ? Math.min(100, Math.round((100 * run.processed) / run.total)) : 0;
  return (
    <div role="status" className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-brand-200">
      <div className="mb-2 flex items-center justify-between text-sm">
        <span className="font-medium text-slate-900">{run.status === "queued" ? "Waiting for a worker…" : `Running: ${run.processed.toLocaleString()} of ${run.total?.toLocaleString() ?? "?"} profiles compared`}</span>
        <span className="tabular-nums text-slate-600">{pct}%</span>
      </div>
      <div className="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        <div className="h-full rounded-full bg-brand-500 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-2 text-xs text-slate-600">
        +{run.added.toLocaleString()} added · {run.updated.toLocaleString()} updated · −{run.removed.toLocaleString()} removed · {run.failed.toLocaleString()} failed
      </p>
    </div>
  );
}

/** A sync at a glance, live: what is in the destination, the run in progress, history and parked records. */
export function SyncView({ initial, canWrite }: { initial: SyncSummary; canWrite: boolean }) {
  const client = useQueryClient();
  const sync = useQuery({ queryKey: ["sync", initial.id], queryFn: () => api<{ sync: SyncSummary }>(`/api/syncs/${initial.id}`).then((r) => r.sync), initialData: initial, refetchInterval: 2_000 }).data;
  const runs = useQuery({ queryKey: ["sync-runs", initial.id], queryFn: () => api<{ runs: SyncRun[] }>(`/api/syncs/${initial.id}/runs`).then((r) => r.runs), refetchInterval: 2_000 });
  const failures = useQuery({ queryKey: ["sync-failures", initial.id], queryFn: () => api<{ failures: ParkedRecord[] }>(`/api/syncs/${initial.id}/failures`).then((r) => r.failures), refetchInterval: 5_000 });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  async function act(label: string, path: string, method: string, body: unknown) {
    setBusy(label);
    setError(null);
    try {
      await api(path, { method, body });
      await client.invalidateQueries({ queryKey: ["sync", initial.id] });
      await client.invalidateQueries({ queryKey: ["sync-runs", initial.id] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }
  const current = runs.data?.find((r) => r.status === "running" || r.status === "queued");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap gap-2">
        {canWrite &&
          sync.status !== "held" &&
          (sync.status === "active" ? (
            <Button variant="secondary" busy={busy === "pause"} onClick={() => act("pause", `/api/syncs/${sync.id}`, "PATCH", { status: "paused" })}>
              <Pause aria-hidden className="h-4 w-4" /> Pause
            </Button>
          ) : (
            <Button busy={busy === "resume"} onClick={() => act("resume", `/api/syncs/${sync.id}`, "PATCH", { status: "active" })}>
              <Play aria-hidden className="h-4 w-4" /> Resume
            </Button>
          ))}
        {canWrite && sync.status === "active" && (
          <Button variant="secondary" busy={busy === "run"} onClick={() => act("run", `/api/syncs/${sync.id}/runs`, "POST", { kind: "full" })}>
            <RefreshCw aria-hidden className="h-4 w-4" /> Run now
          </Button>
        )}
        {canWrite && sync.status === "active" && sync.parked > 0 && (
          <Button variant="secondary" busy={busy === "retry"} onClick={() => act("retry", `/api/syncs/${sync.id}/runs`, "POST", { kind: "retry" })}>
            <RotateCcw aria-hidden className="h-4 w-4" /> Retry {sync.parked.toLocaleString()} failed
          </Button>
        )}
        <LinkButton href={`/api/syncs/${sync.id}/audience`} variant="secondary" download>
          <Download aria-hidden className="h-4 w-4" /> Download audience CSV
        </LinkButton>
        {canWrite && (
          <LinkButton href={`/destinations/syncs/${sync.id}/edit`} variant="secondary">
            <Pencil aria-hidden className="h-4 w-4" /> Edit mapping and schedule
          </LinkButton>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {sync.status === "paused" && <Alert tone="warning">This sync is paused: nothing is sent until you resume it. Resuming sends everything that changed meanwhile.</Alert>}
      <Card title="Circuit breaker" description="Holds a run before anything is sent when the audience would change too much at once, or while a data anomaly is open: a broken tag cannot empty an ad audience.">
        <BreakerPanel
          sync={sync}
          canWrite={canWrite}
          onChange={async () => {
            await client.invalidateQueries({ queryKey: ["sync", initial.id] });
            await client.invalidateQueries({ queryKey: ["sync-runs", initial.id] });
          }}
        />
      </Card>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="In the destination" value={sync.inDestination.toLocaleString()} testId="in-destination" />
        <Stat label="Segment members" value={sync.segmentMembers.toLocaleString()} />
        <Stat label="Failed records" value={<span className={sync.parked ? "text-red-700" : ""}>{sync.parked.toLocaleString()}</span>} />
        <Stat label="Next scheduled run" value={<span className="text-base font-normal text-slate-700">{sync.status === "active" ? formatRelative(sync.nextRunAt) : sync.status}</span>} />
      </dl>
      {current && <Progress run={current} />}
      <Card title="Records sent per run">
        <RunsChart runs={runs.data ?? []} />
      </Card>
      <Card title="Run history" description="Every run, newest first. Real-time runs that found nothing to send are not listed.">
        {runs.isError ? <Alert>{runs.error.message}</Alert> : <RunsTable runs={runs.data ?? []} />}
      </Card>
      <Card title="Failed records" description="Records the destination refused, parked with its reason. Fix the data or the destination, then retry them.">
        {(failures.data ?? []).length === 0 ? (
          <p className="text-sm text-slate-500">None: every record sent was accepted.</p>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={["Profile", "Operation", "Reason", { label: "Attempts", className: "text-right" }, "Last tried"]} />
            <tbody className="divide-y divide-slate-100">
              {failures.data!.map((f) => (
                <tr key={f.profileId}>
                  <td className="py-2 pr-4">
                    <a className="text-brand-700 hover:underline" href={`/profiles/${f.profileId}`}>
                      {f.label}
                    </a>
                  </td>
                  <td className="py-2 pr-4">{f.op}</td>
                  <td className="py-2 pr-4 text-red-700">{f.reason}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{f.attempts}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(f.failedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
