"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SyncRun } from "@/lib/activation/history";

/** Records sent per run (added, updated, removed, failed), oldest on the left. */
export function RunsChart({ runs }: { runs: SyncRun[] }) {
  const data = runs
    .filter((r) => r.startedAt)
    .slice(0, 30)
    .reverse()
    .map((r) => ({ ...r, label: new Date(r.startedAt!).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) }));
  if (data.length === 0) return <p className="text-sm text-slate-500">No runs yet: the first one starts within seconds of creating the sync.</p>;
  return (
    <div className="h-56" role="img" aria-label="Records sent per run">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: -4, right: 8, top: 8 }} maxBarSize={48}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip formatter={(v, name) => [Number(v).toLocaleString(), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="added" name="Added" stackId="a" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey="updated" name="Updated" stackId="a" fill="#4f6bf5" isAnimationActive={false} />
          <Bar dataKey="removed" name="Removed" stackId="a" fill="#f59e0b" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="a" fill="#ef4444" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
