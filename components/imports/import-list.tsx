"use client";
import { useQuery } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";

type Import = { id: string; kind: string; filename: string; status: "queued" | "running" | "done" | "failed"; rowsTotal: number; rowsImported: number; rowsRejected: number; error: string | null; createdAt: string; hasReport: boolean };

const TONE = { queued: "gray", running: "blue", done: "green", failed: "red" } as const;

export function ImportList({ initial }: { initial: Import[] }) {
  const q = useQuery({
    queryKey: ["imports"],
    queryFn: () => api<{ imports: Import[] }>("/api/imports").then((d) => d.imports),
    initialData: initial,
    refetchInterval: (query) => ((query.state.data ?? []).some((i) => i.status === "queued" || i.status === "running") ? 1000 : false),
  });
  const imports = q.data ?? [];
  if (imports.length === 0) {
    return (
      <div className="flex flex-col items-center py-8 text-center text-sm text-slate-600">
        <FileUp aria-hidden className="mb-2 h-6 w-6 text-slate-400" />
        No imports yet. Choose a CSV above: its columns are matched to identifiers and traits for you to check.
      </div>
    );
  }
  return (
    <ul className="divide-y divide-slate-100" data-testid="imports">
      {imports.map((i) => {
        const done = i.rowsImported + i.rowsRejected;
        const pct = i.rowsTotal ? Math.min(100, Math.round((done / i.rowsTotal) * 100)) : i.status === "done" ? 100 : 0;
        return (
          <li key={i.id} className="py-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium text-slate-900">
                {i.filename} <span className="font-normal text-slate-500">· {i.kind} · {formatDateTime(i.createdAt)}</span>
              </span>
              <Badge tone={TONE[i.status]}>{i.status}</Badge>
            </div>
            <div className="mt-2 h-2 overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={`${i.filename} progress`}>
              <div className={`h-full ${i.status === "failed" ? "bg-red-500" : "bg-brand-500"}`} style={{ width: `${pct}%` }} />
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {i.rowsImported.toLocaleString()} imported · {i.rowsRejected.toLocaleString()} rejected · {i.rowsTotal.toLocaleString()} rows
              {i.hasReport && (
                <>
                  {" · "}
                  <a className="font-medium text-brand-700 underline" href={`/api/imports/${i.id}/report`}>
                    Download rejected rows
                  </a>
                </>
              )}
            </p>
            {i.error && <p className="mt-1 text-xs text-red-700">{i.error}</p>}
          </li>
        );
      })}
    </ul>
  );
}
