"use client";
import { useQuery } from "@tanstack/react-query";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";

export function DailyEventsChart() {
  const q = useQuery({ queryKey: ["daily-events"], queryFn: () => api<{ days: { day: string; events: number }[] }>("/api/overview/daily") });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  if (q.isLoading) return <p className="py-16 text-center text-sm text-slate-500">Counting events…</p>;
  const data = (q.data?.days ?? []).map((d) => ({ ...d, label: new Date(`${d.day}T00:00:00`).toLocaleDateString(undefined, { month: "short", day: "numeric" }) }));
  return (
    <div className="h-56" role="img" aria-label="Events per day, last 30 days">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ left: 0, right: 8, top: 8 }}>
          <defs>
            <linearGradient id="ev" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#4f6bf5" stopOpacity={0.35} />
              <stop offset="100%" stopColor="#4f6bf5" stopOpacity={0} />
            </linearGradient>
          </defs>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={4} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} width={48} />
          <Tooltip formatter={(v) => [Number(v).toLocaleString(), "Events"]} />
          <Area type="monotone" dataKey="events" stroke="#4f6bf5" strokeWidth={2} fill="url(#ev)" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
