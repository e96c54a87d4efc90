"use client";
import { useMutation } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ConsoleResult } from "@/lib/analytics/console";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

const EXAMPLE = `SELECT event, count(*) AS events, count(DISTINCT profile_id) AS people
  FROM events
 WHERE ts > now() - interval '30 days'
 GROUP BY 1
 ORDER BY 2 DESC
 LIMIT 20`;

const cell = (v: unknown) => (v === null ? <span className="text-slate-400">null</span> : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A chart when the result reads as labels and numbers: first column the label, the next the value. */
function ResultChart({ result }: { result: ConsoleResult }) {
  const [label, value] = result.columns;
  if (!label || !value || value.type !== "number" || result.rows.length < 2) return null;
  const data = result.rows.map((r) => ({ label: String(r[0] ?? "null"), value: Number(r[1]) }));
  return (
    <div className="h-64" role="img" aria-label="Result chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: 0, right: 12, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey="value" name={value.name} fill="#4f6bf5" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function SqlConsole({ tables }: { tables: { name: string; description: string; columns: string[] }[] }) {
  const [sql, setSql] = useState(EXAMPLE);
  const run = useMutation({ mutationFn: (text: string) => api<{ result: ConsoleResult }>("/api/sql", { method: "POST", body: { sql: text } }).then((r) => r.result) });
  const r = run.data;
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]">
      <div className="space-y-6">
        <Card title="Query" actions={<Button onClick={() => run.mutate(sql)} busy={run.isPending}><Play aria-hidden className="h-4 w-4" /> Run</Button>}>
          <textarea
            aria-label="SQL"
            value={sql}
            onChange={(e) => setSql(e.target.value)}
            onKeyDown={(e) => {
              if ((e.metaKey || e.ctrlKey) && e.key === "Enter") run.mutate(sql);
            }}
            rows={10}
            spellCheck={false}
            className="block w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500"
          />
          <p className="mt-2 text-xs text-slate-500">One SELECT over this workspace&rsquo;s data, read-only, stopped after 15 s, at most 1,000 rows. Ctrl+Enter runs it.</p>
        </Card>
        <Card title="Result">
          {run.error ? (
            <Alert>{(run.error as Error).message}</Alert>
          ) : !r ? (
            <p className="text-sm text-slate-500">Run a query to see its rows here, and a chart when the first column is a label and the second a number.</p>
          ) : (
            <div className="space-y-4">
              <ResultChart result={r} />
              <div className="max-h-[32rem] overflow-auto">
                <table className="w-full text-xs" data-testid="sql-result">
                  <thead className="sticky top-0 bg-white">
                    <tr className="border-b border-slate-200 text-left text-slate-500">
                      {r.columns.map((c) => (
                        <th key={c.name} className={`py-1 pr-4 font-medium ${c.type === "number" ? "text-right" : ""}`}>
                          {c.name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 font-mono">
                    {r.rows.map((row, i) => (
                      <tr key={i}>
                        {row.map((v, j) => (
                          <td key={j} className={`max-w-xs truncate py-1 pr-4 ${r.columns[j]?.type === "number" ? "text-right tabular-nums" : ""}`}>
                            {cell(v)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="text-xs text-slate-500">
                {r.rows.length.toLocaleString()} rows{r.truncated ? " (the first 1,000)" : ""} in {r.ms} ms
              </p>
            </div>
          )}
        </Card>
      </div>
      <Card title="Tables">
        <ul className="space-y-3 text-sm">
          {tables.map((t) => (
            <li key={t.name}>
              <p className="font-mono font-medium text-slate-900">{t.name}</p>
              <p className="text-xs text-slate-500">{t.description}</p>
              <p className="mt-1 font-mono text-xs break-words text-slate-600">{t.columns.join(", ")}</p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
