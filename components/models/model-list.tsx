"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Model } from "@/lib/ml/models/store";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { jobRunning, KIND_LABELS, num, targetLabel } from "./labels";

/** Every model with its current quality, what it writes, and the job running now (progress). */
export function ModelList({ initial }: { initial: Model[] }) {
  const q = useQuery({
    queryKey: ["models"],
    queryFn: () => api<{ models: Model[] }>("/api/models"),
    initialData: { models: initial },
    refetchInterval: (query) => (query.state.data?.models.some((m) => jobRunning(m.job)) ? 2000 : 30_000),
  });
  return (
    <table className="w-full text-sm" data-testid="models">
      <TableHead columns={["Model", "Predicts", "Score trait", { label: "ROC AUC", className: "text-right" }, "Version", "Status"]} />
      <tbody className="divide-y divide-slate-100">
        {q.data.models.map((m) => (
          <tr key={m.id}>
            <td className="py-3 pr-3">
              <Link href={`/models/${m.id}`} className="font-medium text-brand-700 hover:underline">{m.name}</Link>
              <span className="ml-2"><Badge>{KIND_LABELS[m.kind]}</Badge></span>
            </td>
            <td className="py-3 pr-3 text-slate-700">{targetLabel(m)}</td>
            <td className="py-3 pr-3"><code className="rounded bg-slate-100 px-1 text-xs">{m.scoreTrait}</code></td>
            <td className="py-3 pr-3 text-right font-medium tabular-nums">{num(m.current?.metrics.rocAuc)}</td>
            <td className="py-3 pr-3 text-slate-600">{m.current ? `v${m.current.version}, ${formatRelative(m.current.trainedAt)}` : "—"}</td>
            <td className="py-3">
              {jobRunning(m.job) ? (
                <span className="text-brand-700">{m.job!.kind === "train" ? "Training" : "Scoring"} {Math.round(m.job!.progress * 100)}%</span>
              ) : m.job?.status === "failed" ? (
                <Badge tone="red">failed</Badge>
              ) : m.drift?.retrain ? (
                <Badge tone="amber">drift</Badge>
              ) : m.current ? (
                <Badge tone="green">live</Badge>
              ) : (
                <Badge>not trained</Badge>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
