"use client";
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";

type Point = { hour: string; events: number; rejected: number };

export function VolumeChart({ sourceId }: { sourceId: string }) {
  const q = useQuery({ queryKey: ["source-volume", sourceId], queryFn: () => api<{ volume: Point[] }>(`/api/sources/${sourceId}/volume`), refetchInterval: 10_000 });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  const data = (q.data?.volume ?? []).map((p) => ({ ...p, label: new Date(p.hour).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) }));
  const total = data.reduce((s, p) => s + p.events, 0);
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{total.toLocaleString()}</span> events in 24 hours
      </p>
      <div className="h-56" aria-label="Events per hour, last 24 hours" role="img">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ left: -10, right: 8, top: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={3} />
            <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="events" name="Accepted" stackId="a" fill="#4f6bf5" isAnimationActive={false} />
            <Bar dataKey="rejected" name="Refused" stackId="a" fill="#dc2626" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
