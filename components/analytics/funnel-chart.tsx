"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FunnelResult } from "@/lib/analytics/funnel";
import type { FunnelInsight } from "@/lib/analytics/schema";
import type { ProfileSummary } from "@/lib/profiles";
import type { SegmentDefinition } from "@/lib/segments/schema";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { profileLabel } from "@/components/ui/format";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129_600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

function DropOffs({ insight, step, canSave, onClose }: { insight: FunnelInsight; step: number; canSave: boolean; onClose: () => void }) {
  const router = useRouter();
  const list = useQuery({
    queryKey: ["funnel-dropoffs", JSON.stringify(insight), step],
    queryFn: ({ signal }) => api<{ profiles: ProfileSummary[]; definition: SegmentDefinition }>("/api/insights/dropoffs", { method: "POST", body: { insight, step }, signal }),
    retry: false,
  });
  const save = useMutation({
    mutationFn: (definition: SegmentDefinition) =>
      api<{ segment: { id: string } }>("/api/segments", { method: "POST", body: { name: `Dropped off after ${insight.steps[step - 1]!.event} (${new Date().toLocaleDateString()})`, description: `Did ${insight.steps[step - 1]!.event} but not ${insight.steps[step]!.event} within ${insight.window.amount} ${insight.window.unit}.`, definition } }),
    onSuccess: (r) => router.push(`/segments/${r.segment.id}`),
  });
  return (
    <aside aria-label="Dropped off" className="mt-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
      <div className="mb-2 flex items-center justify-between gap-3">
        <h3 className="text-sm font-semibold text-slate-900">
          Did {insight.steps[step - 1]!.event}, not {insight.steps[step]!.event}
        </h3>
        <div className="flex gap-2">
          {canSave && list.data && (
            <Button variant="secondary" busy={save.isPending} onClick={() => save.mutate(list.data.definition)}>
              Save as segment
            </Button>
          )}
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
      {list.error && <Alert>{(list.error as Error).message}</Alert>}
      {save.error && <Alert>{(save.error as Error).message}</Alert>}
      {!list.data ? (
        <p className="text-sm text-slate-500">Finding them…</p>
      ) : list.data.profiles.length === 0 ? (
        <p className="text-sm text-slate-500">Nobody.</p>
      ) : (
        <ul className="grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {list.data.profiles.map((p) => (
            <li key={p.id}>
              <a className="text-brand-700 hover:underline" href={`/profiles/${p.id}`}>
                {profileLabel(p)}
              </a>
            </li>
          ))}
        </ul>
      )}
      {canSave && <p className="mt-2 text-xs text-slate-500">The segment checks each pair of steps within the window; it stays live as people act.</p>}
    </aside>
  );
}

/**
 * Steps as bars (people at each step), with conversion, drop-off and median time; click a drop-off
 * to see who. An estimate (from the sample of a big workspace) says so until the exact counts come.
 */
export function FunnelChart({ result, insight, canSaveSegments, exactPending = false, exactError = null }: { result: FunnelResult; insight: FunnelInsight; canSaveSegments: boolean; exactPending?: boolean; exactError?: string | null }) {
  const [open, setOpen] = useState<number | null>(null);
  const grouped = result.groups.length > 1;
  const approx = result.estimate ? "≈ " : "";
  return (
    <div className="space-y-6">
      {result.estimate && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="funnel-estimate">
          Estimated from 1 in {result.estimate.every} people ({result.estimate.sampled.toLocaleString()} sampled at step 1)
          {exactPending ? " · exact numbers in progress…" : exactError ? ` · the exact count did not finish: ${exactError}` : ""}
        </p>
      )}
      {result.groups.map((g) => {
        const first = g.steps[0]?.count ?? 0;
        return (
          <section key={g.breakdown ?? "all"} aria-label={g.breakdown ?? "Funnel"}>
            {grouped && <h3 className="mb-2 text-sm font-semibold text-slate-800">{g.breakdown}</h3>}
            <ol className="grid gap-3" style={{ gridTemplateColumns: `repeat(${g.steps.length}, minmax(0, 1fr))` }} data-testid="funnel-steps">
              {g.steps.map((s, i) => (
                <li key={i} className="flex flex-col">
                  <div className="flex h-40 items-end rounded-md bg-slate-50 ring-1 ring-slate-100">
                    <div className="w-full rounded-md bg-brand-500" style={{ height: `${first ? Math.max(2, (s.count / first) * 100) : 0}%` }} aria-hidden />
                  </div>
                  <p className="mt-2 truncate text-sm font-medium text-slate-900" title={s.event}>
                    {i + 1}. {s.event}
                  </p>
                  <p className="text-sm text-slate-700 tabular-nums">
                    <strong>
                      {approx}
                      {s.count.toLocaleString()}
                    </strong>{" "}
                    · {pct(s.conversion)}
                  </p>
                  {i > 0 && <p className="text-xs text-slate-500">{pct(s.fromPrevious)} of step {i} · median {duration(s.medianSecondsFromPrevious)}</p>}
                  {i < g.steps.length - 1 && s.droppedOff > 0 && !grouped && (
                    <button type="button" aria-label={`${approx}${s.droppedOff.toLocaleString()} dropped off after ${s.event}`} className="mt-1 self-start text-xs text-red-700 hover:underline" onClick={() => setOpen(i + 1)}>
                      {approx}
                      {s.droppedOff.toLocaleString()} dropped off →
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </section>
        );
      })}
      {open !== null && <DropOffs key={open} insight={insight} step={open} canSave={canSaveSegments} onClose={() => setOpen(null)} />}
    </div>
  );
}
