"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Change } from "@/lib/segments/stats";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { formatRelative, profileLabel } from "@/components/ui/format";

const CAUSES: Record<string, string> = { event: "after an event", time: "as time passed", merge: "profiles merged", segment: "another segment changed", backfill: "rebuilt" };

/** The latest entries and exits, live: who, when, and what caused it. */
export function ChangesList({ segmentId }: { segmentId: string }) {
  const q = useQuery({ queryKey: ["segment-changes", segmentId], queryFn: () => api<{ changes: Change[] }>(`/api/segments/${segmentId}/changes?limit=25`).then((r) => r.changes), refetchInterval: 3_000 });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  const changes = q.data ?? [];
  if (changes.length === 0) return <p className="text-sm text-slate-500">No one has entered or left since the segment was built. Changes show here within seconds.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" aria-label="Recent changes">
      {changes.map((c) => (
        <li key={c.id} className="flex flex-wrap items-baseline gap-x-2 py-2">
          <span className={c.entered ? "font-medium text-emerald-700" : "font-medium text-red-700"}>{c.entered ? "Entered" : "Left"}</span>
          <Link href={`/profiles/${c.profileId}`} className="text-brand-700 hover:underline">
            {profileLabel(c.profile ?? { id: c.profileId })}
          </Link>
          <span className="text-slate-500">{CAUSES[c.cause] ?? c.cause}</span>
          <span className="ml-auto text-xs text-slate-400" title={c.detail ?? undefined}>
            {formatRelative(c.at)}
          </span>
          {c.detail && <span className="w-full truncate text-xs text-slate-400">{c.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
