"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RetentionResult } from "@/lib/analytics/retention";

const pct = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`);

/** Cohorts as a heat map (share of each cohort back in each period) or the average curve. */
export function RetentionView({ result, view, height = 320 }: { result: RetentionResult; view: "table" | "curve"; height?: number }) {
  if (result.cohorts.length === 0) return <p className="text-sm text-slate-500">Nobody started a cohort in this range.</p>;
  const label = (k: number) => `${result.period[0]!.toUpperCase()}${result.period.slice(1)} ${k}`;
  if (view === "curve") {
    const data = result.average.map((a, k) => ({ label: label(k), share: a === null ? null : Math.round(a * 1000) / 10 }));
    return (
      <div style={{ height }} role="img" aria-label="Retention curve">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ left: 0, right: 12, top: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} unit="%" domain={[0, 100]} />
            <Tooltip formatter={(v) => `${v}%`} />
            <Line dataKey="share" name="Came back" stroke="#4f6bf5" strokeWidth={2} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs tabular-nums" data-testid="retention-table">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="py-1 pr-3 font-medium">Cohort</th>
            <th className="py-1 pr-3 text-right font-medium">People</th>
            {result.average.map((_, k) => (
              <th key={k} className="px-1 py-1 text-center font-medium">
                {label(k)}
              </th>
            ))}
          </tr>
          <tr className="border-b border-slate-200 text-slate-700">
            <td className="py-1 pr-3 font-medium">Average</td>
            <td className="py-1 pr-3 text-right">{result.cohorts.reduce((s, c) => s + c.size, 0).toLocaleString()}</td>
            {result.average.map((a, k) => (
              <td key={k} className="px-1 py-1 text-center font-medium">
                {pct(a)}
              </td>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.cohorts.map((c) => (
            <tr key={c.start}>
              <td className="py-0.5 pr-3 whitespace-nowrap text-slate-700">{c.start}</td>
              <td className="py-0.5 pr-3 text-right">{c.size.toLocaleString()}</td>
              {c.returned.map((n, k) => {
                if (n === null) return <td key={k} className="p-0.5" aria-label="not yet" />;
                const share = c.size ? n / c.size : 0;
                return (
                  <td key={k} className="p-0.5">
                    <div className="rounded px-1 py-1 text-center" style={{ background: `rgba(79, 107, 245, ${Math.min(0.9, 0.08 + share)})`, color: share > 0.45 ? "white" : "#1e293b" }} title={`${n} of ${c.size}`}>
                      {pct(share)}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
