"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Held, QuarantineFilter, QuarantineGroup } from "@/lib/sources";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { inlineControl } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";

type Listing = { held: number; matching: number; items: Held[]; groups: QuarantineGroup[] };
type Replayed = { replayed: number; accepted: number; heldAgain: number; dropped: number };

const query = (f: QuarantineFilter) => new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();

/**
 * What a source holds in quarantine (by a transformation step or the tracking plan): the most common
 * kinds, a filter by event and reason, and replay of all, the matching ones, or those ticked.
 */
export function QuarantinePanel({ sourceId, canWrite }: { sourceId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const [filter, setFilter] = useState<QuarantineFilter>({});
  const [reasonText, setReasonText] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  // The reason box filters once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setFilter((f) => ({ ...f, reason: reasonText || undefined })), 300);
    return () => clearTimeout(t);
  }, [reasonText]);
  const list = useQuery({ queryKey: ["quarantine", sourceId, filter], queryFn: () => api<Listing>(`/api/sources/${sourceId}/quarantine?${query(filter)}`), refetchInterval: 5000 });
  const replay = useMutation({
    mutationFn: (body: { ids?: string[]; filter?: QuarantineFilter }) => api<Replayed>(`/api/sources/${sourceId}/quarantine/replay`, { method: "POST", body }),
    onSuccess: () => {
      setPicked(new Set());
      return qc.invalidateQueries({ queryKey: ["quarantine", sourceId] });
    },
  });
  const d = list.data;
  const filtered = Boolean(filter.event || filter.reason);
  const toggle = (id: string) => setPicked((p) => (p.has(id) ? new Set([...p].filter((x) => x !== id)) : new Set([...p, id])));
  return (
    <div className="space-y-3" data-testid="quarantine">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-sm font-semibold text-slate-900">Quarantine</h3>
        <span className="text-sm text-slate-600" data-testid="quarantine-count">
          {d?.held ?? 0} held{filtered && d ? ` · ${d.matching} matching` : ""}
        </span>
        {canWrite && (d?.matching ?? 0) > 0 && (
          <Button variant="secondary" onClick={() => replay.mutate(filtered ? { filter } : {})} busy={replay.isPending && !replay.variables?.ids}>
            {filtered ? `Replay the ${d!.matching} matching` : "Replay all with the current steps and plan"}
          </Button>
        )}
        {canWrite && picked.size > 0 && (
          <Button variant="secondary" onClick={() => replay.mutate({ ids: [...picked] })} busy={replay.isPending && !!replay.variables?.ids}>
            Replay {picked.size} selected
          </Button>
        )}
      </div>
      {replay.data && <Alert tone="success">{`${replay.data.replayed} replayed: ${replay.data.accepted} stored, ${replay.data.heldAgain} held again${replay.data.dropped ? `, ${replay.data.dropped} dropped by the plan` : ""}.`}</Alert>}
      {replay.error && <Alert>{(replay.error as Error).message}</Alert>}
      {(d?.held ?? 0) > 0 && (
        <div className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-slate-600">Event</span>
            <select className={inlineControl} value={filter.event ?? ""} onChange={(e) => setFilter({ ...filter, event: e.target.value || undefined })} aria-label="Filter by event">
              <option value="">Any event</option>
              {[...new Set((d?.groups ?? []).map((g) => g.event).filter((e): e is string => !!e))].map((e) => (
                <option key={e} value={e}>{e}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-slate-600">Reason contains</span>
            <input className={inlineControl} value={reasonText} onChange={(e) => setReasonText(e.target.value)} placeholder="e.g. revenue" aria-label="Filter by reason" />
          </label>
          {filtered && (
            <Button variant="ghost" onClick={() => (setFilter({}), setReasonText(""))}>
              Clear
            </Button>
          )}
        </div>
      )}
      {d && d.groups.length > 1 && !filtered && (
        <ul className="flex flex-wrap gap-2 text-xs" aria-label="Most common">
          {d.groups.slice(0, 6).map((g) => (
            <li key={`${g.event}\u0000${g.reason}`}>
              <button type="button" className="rounded-full bg-amber-50 px-2 py-1 text-amber-900 ring-1 ring-amber-200 hover:bg-amber-100" onClick={() => (setFilter({ event: g.event ?? undefined, reason: g.reason }), setReasonText(g.reason))}>
                {g.count.toLocaleString()} × {g.event ?? "(no event)"}: {g.reason.length > 60 ? `${g.reason.slice(0, 60)}…` : g.reason}
              </button>
            </li>
          ))}
        </ul>
      )}
      {d?.items.length ? (
        <ul className="divide-y divide-slate-100 text-sm">
          {d.items.map((h) => (
            <li key={h.id} className="flex gap-2 py-2">
              {canWrite && <input type="checkbox" className="mt-1" checked={picked.has(h.id)} onChange={() => toggle(h.id)} aria-label={`Select held message ${h.id}`} />}
              <div className="min-w-0 flex-1">
                <span className="text-slate-500">{formatRelative(h.receivedAt)}</span> · <span className="text-amber-800">{h.reason}</span>
                <pre className="mt-1 max-h-24 overflow-auto rounded bg-slate-50 p-1 text-[11px]">{JSON.stringify(h.payload)}</pre>
              </div>
            </li>
          ))}
          {d.matching > d.items.length && <li className="py-2 text-xs text-slate-500">and {(d.matching - d.items.length).toLocaleString()} more: narrow the filter to see them, or replay all that match.</li>}
        </ul>
      ) : filtered ? (
        <p className="text-sm text-slate-500">Nothing held matches this filter.</p>
      ) : (
        <p className="text-sm text-slate-500">Nothing held. A message a step or the tracking plan cannot accept (a price that is not a number…) waits here with the reason until it is replayed.</p>
      )}
    </div>
  );
}
