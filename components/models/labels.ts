import type { Model, ModelJob } from "@/lib/ml/models/store";

export const KIND_LABELS = { propensity: "Propensity", churn: "Churn", label: "From a label" } as const;

/** What the model predicts, in a sentence. */
export function targetLabel(m: Pick<Model, "target">): string {
  const t = m.target;
  if (t.kind === "propensity") return `Will perform ${t.event} within ${t.horizonDays} days`;
  if (t.kind === "churn") return `Active in the last ${t.activeDays} days, then ${t.activityEvent === "*" ? "no event" : `no ${t.activityEvent}`} within ${t.horizonDays} days`;
  return `${t.trait} is ${t.positive}`;
}

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits));
export const jobRunning = (j: ModelJob | null) => !!j && (j.status === "queued" || j.status === "running");
