"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TopResult } from "@/lib/analytics/explore";
import { formatValue } from "./trend-chart";

/** The top rows as horizontal bars, and a table with events, share and people. */
export function TopView({ result, compact }: { result: TopResult; compact: boolean }) {
  if (result.rows.length === 0) return <p className="text-sm text-slate-500">Nothing in this range. Widen the range, or choose another event.</p>;
  const data = result.rows.map((r) => ({ name: r.value ?? "(none)", count: r.count }));
  return (
    <div>
      <div style={{ height: Math.min(40 + data.length * 26, compact ? 220 : 600) }} role="img" aria-label="Top values">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 40, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="name" tick={{ fontSize: 11 }} width={150} />
            <Tooltip formatter={(v) => [formatValue(Number(v)), "Events"]} />
            <Bar dataKey="count" fill="#4f6bf5" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      {!compact && (
        <table className="mt-4 w-full text-sm" data-testid="top-table">
          <thead>
            <tr className="text-left text-xs text-slate-500 uppercase">
              <th className="py-1">{result.of === "events" ? "Event" : result.of === "properties" ? "Property" : "Value"}</th>
              <th className="py-1 text-right">Events</th>
              <th className="py-1 text-right">Share</th>
              <th className="py-1 text-right">People</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.rows.map((r) => (
              <tr key={r.value ?? "(none)"}>
                <td className="py-1.5 pr-4 text-slate-700">{r.value ?? "(none)"}</td>
                <td className="py-1.5 text-right font-medium tabular-nums">{formatValue(r.count)}</td>
                <td className="py-1.5 text-right text-slate-600 tabular-nums">{result.total ? `${((r.count / result.total) * 100).toFixed(1)}%` : "—"}</td>
                <td className="py-1.5 text-right tabular-nums">{formatValue(r.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
