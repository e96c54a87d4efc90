"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Member } from "@/lib/segments/stats";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { formatDateTime, formatRelative, profileLabel } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { WhyPanel } from "./why-panel";

/** Members, newest profiles first, 50 at a time, each with its "why". */
export function MembersTable({ segmentId }: { segmentId: string }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [why, setWhy] = useState<Member | null>(null);
  const before = cursors[cursors.length - 1];
  const q = useQuery({
    queryKey: ["segment-members", segmentId, before],
    queryFn: () => api<{ members: Member[]; next: string | null }>(`/api/segments/${segmentId}/members${before ? `?before=${before}` : ""}`),
    refetchInterval: 5_000,
  });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  const members = q.data?.members ?? [];
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <div>
        {members.length === 0 && !q.isLoading ? (
          <p className="py-6 text-center text-sm text-slate-500">Nobody is in this segment right now. People enter the moment they match.</p>
        ) : (
          <table className="w-full text-sm" aria-label="Members">
            <TableHead columns={["Profile", "Email", "Member since", "Last seen", { label: "Why", srOnly: true }]} />
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => (
                <tr key={m.id} className={why?.id === m.id ? "bg-brand-50/50" : undefined}>
                  <td className="py-2 pr-4">
                    <Link href={`/profiles/${m.id}`} className="text-brand-700 hover:underline">
                      {profileLabel(m)}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 text-slate-600">{m.email ?? "—"}</td>
                  <td className="py-2 pr-4 text-slate-600">{formatDateTime(m.since)}</td>
                  <td className="py-2 pr-4 text-slate-600">{formatRelative(m.lastSeenAt)}</td>
                  <td className="py-2 text-right">
                    <button type="button" className="text-xs font-medium text-slate-600 hover:text-brand-700" onClick={() => setWhy(m)}>
                      Why?
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="mt-3 flex gap-2">
          <Button variant="secondary" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </Button>
          <Button variant="secondary" disabled={!q.data?.next} onClick={() => setCursors([...cursors, q.data!.next!])}>
            Next
          </Button>
        </div>
      </div>
      <aside className="rounded-md bg-slate-50 p-4" aria-label="Why">
        {why ? (
          <>
            <p className="mb-2 text-sm font-semibold text-slate-900">Why {profileLabel(why)}?</p>
            <WhyPanel segmentId={segmentId} profileId={why.id} />
          </>
        ) : (
          <p className="text-sm text-slate-500">Choose “Why?” on a member to see each condition and the values that decided it.</p>
        )}
      </aside>
    </div>
  );
}
