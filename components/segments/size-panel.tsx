"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { profileLabel } from "@/components/ui/format";
import Link from "next/link";
import { useState } from "react";
import { useDebounced } from "@/components/ui/use-debounced";
import type { ProfileSummary } from "@/lib/profiles";
import type { Explanation } from "@/lib/segments/explain";
import type { Preview } from "@/lib/segments/preview";
import type { SegmentDefinition } from "@/lib/segments/schema";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { ExplainView } from "./explain-view";

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(n / of < 0.01 && n > 0 ? 2 : 1)}%` : "—");

/**
 * The size pinned above the builder: count, share of all profiles, reach by channel and a sample,
 * recomputed as the definition changes (debounced; an outdated request is cancelled on the server).
 * A big workspace answers first with an estimate from its sample, then with the exact count.
 */
export function SizePanel({ definition, valid, segmentName }: { definition: SegmentDefinition; valid: boolean; segmentName: (id: string) => string }) {
  const key = useDebounced(JSON.stringify(definition), 400);
  const q = useQuery({
    queryKey: ["segment-preview", key],
    queryFn: ({ signal }) => api<{ preview: Preview }>("/api/segments/preview", { method: "POST", body: { definition: JSON.parse(key) }, signal }).then((r) => r.preview),
    enabled: valid,
    placeholderData: (prev) => prev,
    staleTime: 10_000,
  });
  const estimated = !!q.data?.estimate && !q.isPlaceholderData;
  const exact = useQuery({
    queryKey: ["segment-preview-exact", key],
    queryFn: ({ signal }) => api<{ preview: Preview }>("/api/segments/preview", { method: "POST", body: { definition: JSON.parse(key), exact: true }, signal }).then((r) => r.preview),
    enabled: valid && estimated,
    staleTime: 10_000,
  });
  const [why, setWhy] = useState<ProfileSummary | null>(null);
  const explain = useMutation({ mutationFn: (profileId: string) => api<{ explanation: Explanation }>("/api/segments/explain", { method: "POST", body: { definition: JSON.parse(key), profileId } }).then((r) => r.explanation) });
  const p = estimated && exact.data ? exact.data : q.data;
  const stale = q.isFetching || key !== JSON.stringify(definition);
  const approx = p?.estimate ?? null;
  return (
    <section aria-label="Estimated size" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2">
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">
            Estimated size {stale && valid && <span className="ml-1 normal-case text-brand-600">updating…</span>}
            {!stale && valid && approx && <span className="ml-1 normal-case text-brand-600">{exact.isError ? "exact count failed" : "exact count in progress…"}</span>}
          </p>
          <p className="text-3xl font-semibold text-slate-900 tabular-nums" data-testid="preview-count" data-estimate={approx ? "true" : "false"}>
            {valid ? (p ? `${approx ? "≈ " : ""}${p.count.toLocaleString()}` : "…") : "—"}
          </p>
          <p className="text-sm text-slate-600">{p && valid ? `${pct(p.count, p.total)} of ${p.total.toLocaleString()} profiles` : valid ? "counting…" : "Finish the conditions to see the size"}</p>
          {p && valid && approx && (
            <p className="text-xs text-slate-500" title="Counted on a fixed sample of one profile in 64, scaled up">
              between {approx.low.toLocaleString()} and {approx.high.toLocaleString()} (95%), from {approx.sampled.toLocaleString()} sampled profiles
            </p>
          )}
        </div>
        {p && valid && (
          <dl className="grid grid-cols-2 gap-x-6 text-sm">
            <dt className="text-slate-500">Can be emailed</dt>
            <dd className="font-medium tabular-nums text-slate-900">{p.emailable.toLocaleString()}</dd>
            <dt className="text-slate-500">Can be advertised to</dt>
            <dd className="font-medium tabular-nums text-slate-900">{p.advertisable.toLocaleString()}</dd>
          </dl>
        )}
        {p && valid && <p className="ml-auto text-xs text-slate-400">{approx ? "estimated" : "counted"} in {p.ms.toLocaleString()} ms</p>}
      </div>
      {(q.isError || exact.isError) && (
        <div className="mt-3">
          <Alert>{(q.error ?? exact.error)?.message}</Alert>
        </div>
      )}
      {p && valid && p.sample.length > 0 && (
        <div className="mt-4 border-t border-slate-100 pt-3">
          <p className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">Sample members</p>
          <ul className="divide-y divide-slate-100 text-sm">
            {p.sample.map((m) => (
              <li key={m.id} className="flex items-center justify-between gap-2 py-1.5">
                <Link href={`/profiles/${m.id}`} className="truncate text-brand-700 hover:underline">
                  {profileLabel(m)}
                </Link>
                <button
                  type="button"
                  className="shrink-0 text-xs font-medium text-slate-600 hover:text-brand-700"
                  onClick={() => {
                    setWhy(m);
                    explain.mutate(m.id);
                  }}
                >
                  Why?
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {why && (
        <div className="mt-4 rounded-md bg-slate-50 p-3" aria-label={`Why ${profileLabel(why)}`}>
          <p className="mb-2 text-sm font-semibold text-slate-900">Why {profileLabel(why)}?</p>
          {explain.isPending ? <p className="text-sm text-slate-500">Checking each condition…</p> : explain.isError ? <Alert>{explain.error.message}</Alert> : explain.data ? <ExplainView explanation={explain.data} segmentName={segmentName} /> : null}
        </div>
      )}
    </section>
  );
}
