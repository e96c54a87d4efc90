"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StateListItem, StateTrace } from "@/lib/journeys/stats";
import type { GraphNode } from "@/lib/journeys/schema";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { KINDS, localTimes, STEP_WORDS } from "./labels";

const TONE: Record<string, "green" | "blue" | "gray" | "amber" | "red"> = { active: "blue", converted: "green", completed: "gray", exited: "amber" };
const BAD = new Set(["skipped", "failed", "unconfirmed", "deferred", "error"]);

/** Who is in the journey (optionally at one step), and each one's path with the reason for every step. */
export function PeoplePanel({ journeyId, nodes, nodeId }: { journeyId: string; nodes: GraphNode[]; nodeId: string | null }) {
  const [profileId, setProfileId] = useState<string | null>(null);
  const states = useQuery({
    queryKey: ["journey-states", journeyId, nodeId],
    queryFn: () => api<{ states: StateListItem[] }>(`/api/journeys/${journeyId}/states${nodeId ? `?nodeId=${encodeURIComponent(nodeId)}` : ""}`),
    refetchInterval: 5000,
  });
  const label = (id: string) => {
    const n = nodes.find((x) => x.id === id);
    return n ? `${KINDS[n.type].label} (${n.id})` : `${id} (removed)`;
  };
  const rows = states.data?.states ?? [];
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="overflow-x-auto">
        {rows.length === 0 ? (
          <p className="py-6 text-sm text-slate-600">{states.isLoading ? "Loading…" : nodeId ? "Nobody is at this step now." : "Nobody has entered yet. Publish the journey; profiles enter when its trigger fires."}</p>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={["Profile", "Status", "Step", "Entered", "Next check"]} />
            <tbody className="divide-y divide-slate-100">
              {rows.map((s) => (
                <tr key={s.stateId} className={profileId === s.profileId ? "bg-brand-50" : undefined}>
                  <td className="py-2 pr-3">
                    <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setProfileId(s.profileId)}>
                      {s.label}
                    </button>
                  </td>
                  <td className="py-2 pr-3">
                    <Badge tone={TONE[s.status] ?? "gray"}>{s.status}</Badge>
                  </td>
                  <td className="py-2 pr-3 text-slate-700">{s.status === "active" ? label(s.nodeId) : (s.endReason ?? "")}</td>
                  <td className="py-2 pr-3 text-slate-600">{formatRelative(s.enteredAt)}</td>
                  <td className="py-2 pr-3 text-slate-600">{s.status === "active" && s.dueAt ? new Date(s.dueAt).toLocaleString() : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>{profileId ? <Trace journeyId={journeyId} profileId={profileId} label={label} /> : <p className="text-sm text-slate-500">Choose a profile to see its path and why it went each way.</p>}</div>
    </div>
  );
}

function Trace({ journeyId, profileId, label }: { journeyId: string; profileId: string; label: (id: string) => string }) {
  const q = useQuery({ queryKey: ["journey-trace", journeyId, profileId], queryFn: () => api<{ traces: StateTrace[] }>(`/api/journeys/${journeyId}/trace?profileId=${profileId}`), refetchInterval: 5000 });
  return (
    <div className="space-y-4" data-testid="journey-trace">
      {(q.data?.traces ?? []).map((t) => (
        <div key={t.stateId}>
          <p className="mb-2 text-xs text-slate-500">
            Entry on {new Date(t.enteredAt).toLocaleString()} · version {t.version} · {t.status}
            {t.status === "active" && t.dueAt ? ` · next check ${new Date(t.dueAt).toLocaleString()}` : ""}
          </p>
          <ol className="space-y-2 border-l-2 border-slate-200 pl-4">
            {t.steps.map((s, i) => (
              <li key={i} className="text-sm">
                <span className={BAD.has(s.kind) ? "font-medium text-amber-800" : "font-medium text-slate-900"}>{STEP_WORDS[s.kind] ?? s.kind}</span>
                <span className="text-slate-500"> · {label(s.nodeId)} · {new Date(s.at).toLocaleString()}</span>
                {s.detail && <div className="text-xs text-slate-600">{localTimes(s.detail)}</div>}
              </li>
            ))}
            {t.status === "active" && <li className="text-sm text-slate-500">Now at {label(t.nodeId)}</li>}
          </ol>
        </div>
      ))}
      <a className="text-sm text-brand-700 hover:underline" href={`/profiles/${profileId}`}>
        Open the profile
      </a>
    </div>
  );
}
