"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { Model, ModelJob, ModelVersion } from "@/lib/ml/models/store";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { Stat } from "@/components/ui/stat";
import { TableHead } from "@/components/ui/table-head";
import { JobProgress } from "./job-progress";
import { jobRunning, KIND_LABELS, num, pct, targetLabel } from "./labels";
import { CalibrationChart, ImportanceChart, LiftChart, VersionsChart } from "./metric-charts";

type Detail = { model: Model; versions: ModelVersion[]; jobs: ModelJob[] };
const STATUS_TONE = { champion: "green", challenger: "blue", rejected: "red", retired: "gray" } as const;

/** A model: how good the current version is (ranking, calibration, lift, what matters), its versions and jobs. */
export function ModelView({ initial, canWrite }: { initial: Detail; canWrite: boolean }) {
  const qc = useQueryClient();
  const key = ["model", initial.model.id];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api<Detail>(`/api/models/${initial.model.id}`),
    initialData: initial,
    refetchInterval: (query) => (jobRunning(query.state.data?.model.job ?? null) ? 1500 : 30_000),
  });
  const { model, versions, jobs } = q.data;
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const train = useMutation({ mutationFn: () => api(`/api/models/${model.id}/train`, { method: "POST" }), onSuccess: refresh });
  const use = useMutation({ mutationFn: (v: number) => api(`/api/models/${model.id}/versions/${v}/use`, { method: "POST" }), onSuccess: refresh });
  const current = model.current;
  const m = current?.metrics;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone="blue">{KIND_LABELS[model.kind]}</Badge>
        <span className="text-sm text-slate-700">{targetLabel(model)}</span>
        <span className="text-sm text-slate-500">
          · score in trait <code className="rounded bg-slate-100 px-1">{model.scoreTrait}</code>
        </span>
        {canWrite && (
          <Button className="ml-auto" onClick={() => train.mutate()} busy={train.isPending} disabled={jobRunning(model.job)}>
            Train now
          </Button>
        )}
      </div>
      {train.error && <Alert>{(train.error as Error).message}</Alert>}
      {use.error && <Alert>{(use.error as Error).message}</Alert>}
      <JobProgress job={model.job} />
      {model.drift?.retrain && <Alert tone="warning" title="Drift detected">The data moved away from what the current version learned on: a retraining was queued. {driftText(model)}</Alert>}

      {!current ? (
        <Card title="No trained version yet">
          <p className="text-sm text-slate-600">{jobRunning(model.job) ? "The first training is under way; its metrics appear here when it ends." : "Train the model to see how well it predicts."}</p>
        </Card>
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
            <Stat label="ROC AUC" value={num(m!.rocAuc)} testId="model-auc" />
            <Stat label="PR AUC" value={num(m!.prAuc)} />
            <Stat label="Log loss" value={num(m!.logLoss)} />
            <Stat label="Base rate" value={pct(m!.baseRate)} />
            <Stat label="Top 10% lift" value={`${m!.lift[0]?.lift.toFixed(1) ?? "—"}×`} />
            <Stat label="Profiles scored" value={model.scoredProfiles.toLocaleString()} testId="model-scored" />
          </dl>
          <p className="text-sm text-slate-600">
            Version {current.version} ({current.algorithm === "gbt" ? "gradient-boosted trees" : "logistic regression"}), trained {formatRelative(current.trainedAt)} on {m!.trainRows.toLocaleString()} examples, tested on {m!.rows.toLocaleString()} it never saw. {m!.split}.
            {model.lastScoredAt && ` Scores written ${formatRelative(model.lastScoredAt)}.`}
          </p>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Lift and gains" description="Profiles ranked by score in ten equal groups: how often each group had the outcome, and the share of all outcomes found by targeting down to it.">
              <LiftChart metrics={m!} />
            </Card>
            <Card title="Calibration" description="Predicted probability against what happened: on the dashed line, a score of 0.7 means 7 in 10.">
              <CalibrationChart metrics={m!} />
            </Card>
          </div>
          <Card title="What the model looks at" description="Share of the model's decisions each input accounts for.">
            <ImportanceChart metrics={m!} />
          </Card>
        </>
      )}

      <Card title="Versions" description={`A new version replaces the current one only when it ranks the same recent test data at least as well.${model.retrainEveryDays ? ` Retrained every ${model.retrainEveryDays} days, and when the data drifts.` : " Retrained when the data drifts."}`}>
        <VersionsChart points={[...versions].reverse().map((v) => ({ version: v.version, auc: v.metrics.rocAuc, status: v.status }))} />
        {versions.length === 0 ? (
          <p className="text-sm text-slate-600">No version yet.</p>
        ) : (
          <table className="w-full text-sm" data-testid="model-versions">
            <TableHead columns={["Version", "Status", "Trained", "Why", { label: "ROC AUC", className: "text-right" }, "Against the current one", ""]} />
            <tbody className="divide-y divide-slate-100">
              {versions.map((v) => (
                <tr key={v.version}>
                  <td className="py-2 pr-3 font-medium">v{v.version}</td>
                  <td className="py-2 pr-3"><Badge tone={STATUS_TONE[v.status]}>{v.status === "champion" ? "current" : v.status}</Badge></td>
                  <td className="py-2 pr-3 text-slate-600">{formatDateTime(v.trainedAt)}</td>
                  <td className="py-2 pr-3 text-slate-600">{v.reason}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{num(v.metrics.rocAuc)}</td>
                  <td className="py-2 pr-3 text-slate-600">{v.comparison ? `v${v.comparison.championVersion} scored ${num(v.comparison.championAuc)} on the same data: ${v.comparison.promoted ? "replaced" : "kept"}` : "first version"}</td>
                  <td className="py-2 text-right">
                    {canWrite && v.status !== "champion" && (
                      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => use.mutate(v.version)} busy={use.isPending && use.variables === v.version}>
                        {v.version < (model.currentVersion ?? 0) ? "Roll back to this" : "Make current"}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Inputs">
          <p className="mb-2 text-sm text-slate-700">{model.features.length} features, {model.traits.length} traits · algorithm: {model.algorithm === "auto" ? "the better of trees and logistic regression" : model.algorithm}</p>
          <p className="text-sm break-words text-slate-600">{[...model.features, ...model.traits].join(", ")}</p>
          <p className="mt-3 text-sm text-slate-600">
            Use the score in a segment: trait <code className="rounded bg-slate-100 px-1">{model.scoreTrait}</code> greater than 0.7. <Link href="/segments/new" className="text-brand-700 underline">New segment</Link>
          </p>
        </Card>
        <Card title="Recent jobs">
          <ul className="space-y-1 text-sm" data-testid="model-jobs">
            {jobs.slice(0, 8).map((j) => (
              <li key={j.id} className="flex gap-2">
                <Badge tone={j.status === "failed" ? "red" : j.status === "done" ? "green" : "blue"}>{j.status}</Badge>
                <span className="text-slate-700">{j.kind === "train" ? "Training" : "Scoring"}{j.version ? ` → v${j.version}` : ""}</span>
                <span className="truncate text-slate-500">{j.reason} · {formatRelative(j.finishedAt ?? j.createdAt)}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}

function driftText(m: Model): string {
  const d = m.drift!;
  const worst = Object.entries(d.features).sort((a, b) => b[1] - a[1])[0];
  return `Score shift (PSI) ${d.score}${worst ? `; largest feature shift ${worst[0]} (${worst[1]})` : ""}.`;
}
