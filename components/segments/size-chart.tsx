"use client";
import { useQuery } from "@tanstack/react-query";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SizePoint } from "@/lib/segments/stats";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";

/** Size at the end of each day (line) and who entered or left (bars), last 30 days. */
export function SizeChart({ segmentId }: { segmentId: string }) {
  const q = useQuery({ queryKey: ["segment-history", segmentId], queryFn: () => api<{ history: SizePoint[] }>(`/api/segments/${segmentId}/history?days=30`).then((r) => r.history), refetchInterval: 5_000 });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  const since = q.data?.find((p) => p.size !== null)?.day;
  const data = (q.data ?? []).map((p) => ({ ...p, exitedNeg: -p.exited, label: new Date(`${p.day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" }) }));
  return (
    <>
    {since && since !== q.data?.[0]?.day && <p className="mb-1 text-xs text-slate-500">Tracked since {new Date(`${since}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" })}, when the segment was built.</p>}
    <div className="h-64" role="img" aria-label="Segment size per day, last 30 days">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ left: -4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={4} />
          <YAxis yAxisId="size" tick={{ fontSize: 11 }} allowDecimals={false} />
          <YAxis yAxisId="moves" orientation="right" tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip formatter={(v, name) => [Math.abs(Number(v)).toLocaleString(), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="moves" dataKey="entered" name="Entered" fill="#10b981" isAnimationActive={false} />
          <Bar yAxisId="moves" dataKey="exitedNeg" name="Left" fill="#ef4444" isAnimationActive={false} />
          <Line yAxisId="size" dataKey="size" name="Members" stroke="#4f6bf5" strokeWidth={2} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
    </>
  );
}
