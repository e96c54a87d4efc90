"use client";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendsResult } from "@/lib/analytics/trends";

const COLORS = ["#4f6bf5", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16", "#64748b", "#f97316"];

export function bucketLabel(bucket: string, interval: string): string {
  const d = new Date(`${bucket}Z`);
  if (interval === "hour") return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", timeZone: "UTC" });
  if (interval === "month") return d.toLocaleDateString(undefined, { month: "short", year: "numeric", timeZone: "UTC" });
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}

export const formatValue = (v: number) => (Number.isInteger(v) ? v.toLocaleString() : v.toLocaleString(undefined, { maximumFractionDigits: 2 }));

function change(now: number, before: number | undefined): string | null {
  if (before === undefined) return null;
  if (before === 0) return now === 0 ? "no change" : "new";
  const pct = ((now - before) / before) * 100;
  return `${pct >= 0 ? "+" : ""}${pct.toFixed(1)}% vs previous period`;
}

/** Lines over time as a line, bar or area chart, or the range's totals as big numbers. */
export function TrendChart({ result, view, interval, height = 320 }: { result: TrendsResult; view: string; interval: string; height?: number }) {
  if (view === "number")
    return (
      <dl className={`grid gap-3 ${result.lines.length > 1 ? "sm:grid-cols-2 lg:grid-cols-3" : ""}`}>
        {result.lines.map((l) => (
          <div key={l.key} className="rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
            <dt className="truncate text-xs text-slate-500">{l.label}</dt>
            <dd className="mt-1 text-3xl font-semibold text-slate-900 tabular-nums">{formatValue(l.total)}</dd>
            {change(l.total, l.previousTotal) && <dd className="text-xs text-slate-500">{change(l.total, l.previousTotal)}</dd>}
          </div>
        ))}
      </dl>
    );
  const data = result.buckets.map((b, i) => {
    const row: Record<string, number | string> = { label: bucketLabel(b, interval) };
    for (const l of result.lines) {
      row[l.key] = l.values[i] ?? 0;
      if (l.previous) row[`${l.key}:prev`] = l.previous[i] ?? 0;
    }
    return row;
  });
  const Chart = view === "bar" ? BarChart : view === "area" ? AreaChart : LineChart;
  return (
    <div style={{ height }} role="img" aria-label="Trend chart">
      <ResponsiveContainer width="100%" height="100%">
        <Chart data={data} margin={{ left: 0, right: 12, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatValue(v)} />
          <Tooltip formatter={(v) => formatValue(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {result.lines.flatMap((l, i) => {
            const color = COLORS[i % COLORS.length]!;
            const main =
              view === "bar" ? (
                <Bar key={l.key} dataKey={l.key} name={l.label} fill={color} isAnimationActive={false} />
              ) : view === "area" ? (
                <Area key={l.key} dataKey={l.key} name={l.label} stroke={color} fill={color} fillOpacity={0.15} isAnimationActive={false} />
              ) : (
                <Line key={l.key} dataKey={l.key} name={l.label} stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} />
              );
            const prev = l.previous ? <Line key={`${l.key}:prev`} dataKey={`${l.key}:prev`} name={`${l.label} (previous period)`} stroke={color} strokeDasharray="4 4" strokeOpacity={0.6} dot={false} isAnimationActive={false} /> : null;
            return prev && view === "line" ? [main, prev] : [main];
          })}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}
