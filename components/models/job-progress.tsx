"use client";
import type { ModelJob } from "@/lib/ml/models/store";
import { Alert } from "@/components/ui/alert";

/** A training or scoring job: its stage and a progress bar while it runs, its error when it failed. */
export function JobProgress({ job }: { job: ModelJob | null }) {
  if (!job) return null;
  if (job.status === "failed") return <Alert title={`The last ${job.kind === "train" ? "training" : "scoring"} failed`}>{job.error}</Alert>;
  if (job.status === "done") return null;
  const share = job.status === "queued" ? 0 : Math.max(0.02, job.progress);
  return (
    <div className="rounded-md bg-brand-50 px-4 py-3 text-sm text-brand-700 ring-1 ring-brand-100" role="status" data-testid="job-progress">
      <div className="mb-2 flex justify-between gap-3">
        <span className="font-medium">{job.kind === "train" ? "Training" : "Scoring"}: {job.stage}</span>
        <span className="tabular-nums">{Math.round(share * 100)}%</span>
      </div>
      <div className="h-2 overflow-hidden rounded-full bg-white" aria-hidden>
        <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="mt-1 text-xs text-brand-700/80">{job.reason}</p>
    </div>
  );
}
