"use client";
import { useQuery } from "@tanstack/react-query";
import type { SegmentDetail } from "@/lib/segments/store";
import { api } from "@/components/ui/api";
import { formatRelative } from "@/components/ui/format";
import { Stat } from "@/components/ui/stat";
import { SegmentStatusBadge } from "./status-badge";

/** Headline numbers, refreshed every few seconds: members, entered and exited in 24 h, status. */
export function SegmentOverview({ initial }: { initial: SegmentDetail }) {
  const q = useQuery({ queryKey: ["segment", initial.id], queryFn: () => api<{ segment: SegmentDetail }>(`/api/segments/${initial.id}`).then((r) => r.segment), initialData: initial, refetchInterval: 3_000 });
  const s = q.data;
  return (
    <div>
      {s.status === "building" && (
        <p role="status" className="mb-3 rounded-md bg-amber-50 px-4 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          Building from history… membership appears here when it is done, then stays live.
        </p>
      )}
      {s.status === "error" && (
        <p role="alert" className="mb-3 rounded-md bg-red-50 px-4 py-2 text-sm text-red-800 ring-1 ring-red-200">
          Building this segment failed: {s.error}. Edit its conditions to try again.
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Members" value={s.memberCount.toLocaleString()} testId="member-count" />
        <Stat label="Entered, 24 h" value={<span className="text-emerald-700">+{s.entered24h.toLocaleString()}</span>} />
        <Stat label="Left, 24 h" value={<span className="text-red-700">−{s.exited24h.toLocaleString()}</span>} />
        <Stat
          label="Status"
          value={
            <span className="flex items-center gap-2 text-base font-normal">
              <SegmentStatusBadge status={s.status} />
              <span className="text-sm text-slate-500">evaluated {formatRelative(s.lastEvaluatedAt)}</span>
            </span>
          }
        />
      </dl>
    </div>
  );
}
