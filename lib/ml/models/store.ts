import { randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../../audit";
import { pool, withTransaction } from "../../db/pool";
import { AppError } from "../../errors";
import { piiPolicy } from "../../privacy/mask";
import type { Metrics } from "../train";
import { modelSchema, type ModelInput } from "./schema";

export const ML_CHANNEL = "ns_ml";

export type ModelVersion = {
  version: number;
  status: "champion" | "challenger" | "rejected" | "retired";
  reason: string;
  algorithm: string;
  metrics: Metrics & { split: string; trainRows: number };
  comparison: { championVersion: number; championAuc: number; challengerAuc: number; promoted: boolean } | null;
  trainedAt: string;
  durationMs: number;
};
export type ModelJob = { id: string; kind: "train" | "score"; reason: string; status: "queued" | "running" | "done" | "failed"; progress: number; stage: string; error: string | null; version: number | null; createdAt: string; finishedAt: string | null };
export type Model = ModelInput & {
  id: string;
  kind: ModelInput["target"]["kind"];
  currentVersion: number | null;
  current: ModelVersion | null;
  lastScoredAt: string | null;
  scoredProfiles: number;
  drift: { score: number; features: Record<string, number>; checkedAt: string; retrain: boolean } | null;
  job: ModelJob | null;
  createdAt: string;
};

type Row = { id: string; name: string; definition: ModelInput; current_version: number | null; last_scored_at: Date | null; scored_profiles: number; drift: Model["drift"]; created_at: Date };
type VersionRow = { version: number; status: ModelVersion["status"]; reason: string; algorithm: string; metrics: ModelVersion["metrics"]; comparison: ModelVersion["comparison"]; trained_at: Date; duration_ms: number };
type JobRow = { id: string; kind: ModelJob["kind"]; reason: string; status: ModelJob["status"]; progress: number; stage: string; error: string | null; version: number | null; created_at: Date; finished_at: Date | null };

export const versionView = (v: VersionRow): ModelVersion => ({ version: v.version, status: v.status, reason: v.reason, algorithm: v.algorithm, metrics: v.metrics, comparison: v.comparison, trainedAt: v.trained_at.toISOString(), durationMs: v.duration_ms });
const jobView = (j: JobRow): ModelJob => ({ id: j.id, kind: j.kind, reason: j.reason, status: j.status, progress: j.progress, stage: j.stage, error: j.error, version: j.version, createdAt: j.created_at.toISOString(), finishedAt: j.finished_at?.toISOString() ?? null });
const VERSION_COLUMNS = "version, status, reason, algorithm, metrics, comparison, trained_at, duration_ms";

export async function listModels(opts: { workspaceId: string }): Promise<Model[]> {
  const { rows } = await pool().query<Row & { v: VersionRow | null; j: JobRow | null }>(
    `SELECT m.id, m.name, m.definition, m.current_version, m.last_scored_at, m.scored_profiles, m.drift, m.created_at,
            (SELECT row_to_json(v) FROM (SELECT ${VERSION_COLUMNS} FROM model_versions WHERE model_id = m.id AND version = m.current_version) v) AS v,
            (SELECT row_to_json(j) FROM (SELECT id::text, kind, reason, status, progress, stage, error, version, created_at, finished_at FROM model_jobs WHERE model_id = m.id ORDER BY id DESC LIMIT 1) j) AS j
       FROM models m WHERE m.workspace_id = $1 ORDER BY lower(m.name)`,
    [opts.workspaceId],
  );
  const date = (s: unknown) => (s ? new Date(s as string) : null);
  return rows.map((r) => ({
    ...r.definition,
    id: r.id,
    name: r.name,
    kind: r.definition.target.kind,
    currentVersion: r.current_version,
    current: r.v ? versionView({ ...r.v, trained_at: date(r.v.trained_at)! }) : null,
    lastScoredAt: r.last_scored_at?.toISOString() ?? null,
    scoredProfiles: r.scored_profiles,
    drift: r.drift,
    job: r.j ? jobView({ ...r.j, created_at: date(r.j.created_at)!, finished_at: date(r.j.finished_at) }) : null,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function getModel(opts: { workspaceId: string; modelId: string }): Promise<Model> {
  const m = (await listModels(opts)).find((x) => x.id === opts.modelId);
  if (!m) throw new AppError("not_found", "That model does not exist in this workspace.");
  return m;
}

export async function listVersions(opts: { workspaceId: string; modelId: string }): Promise<ModelVersion[]> {
  const { rows } = await pool().query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM model_versions WHERE workspace_id = $1 AND model_id = $2 ORDER BY version DESC`, [opts.workspaceId, opts.modelId]);
  return rows.map(versionView);
}

export async function listJobs(opts: { workspaceId: string; modelId: string; limit?: number }): Promise<ModelJob[]> {
  const { rows } = await pool().query<JobRow>(
    "SELECT id::text, kind, reason, status, progress, stage, error, version, created_at, finished_at FROM model_jobs WHERE workspace_id = $1 AND model_id = $2 ORDER BY id DESC LIMIT $3",
    [opts.workspaceId, opts.modelId, opts.limit ?? 20],
  );
  return rows.map(jobView);
}

function parse(input: unknown): ModelInput {
  const parsed = modelSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  return parsed.data;
}

async function checkInputs(workspaceId: string, m: ModelInput): Promise<void> {
  const { rows } = await pool().query<{ name: string }>("SELECT name FROM feature_definitions WHERE workspace_id = $1 AND name = ANY($2::text[])", [workspaceId, m.features]);
  const missing = m.features.filter((f) => !rows.some((r) => r.name === f));
  if (missing.length) throw new AppError("invalid_input", `No feature named ${missing.join(", ")} in this workspace: create it under Features or remove it.`);
  const policy = await piiPolicy(workspaceId);
  const personal = m.traits.filter((t) => policy.isPersonal(t, "trait"));
  if (personal.length) throw new AppError("invalid_input", `${personal.join(", ")} ${personal.length === 1 ? "is" : "are"} personal data: models learn from behaviour and attributes, not from who someone is. Remove ${personal.length === 1 ? "it" : "them"}.`);
  const { rows: scores } = await pool().query<{ name: string }>("SELECT name FROM models WHERE workspace_id = $1 AND score_trait = ANY($2::text[])", [workspaceId, m.traits]);
  if (scores.length) throw new AppError("invalid_input", `${scores.map((s) => s.name).join(", ")} writes a trait chosen as input: a model cannot learn from another's scores here.`);
  // Past values of a computed trait are not kept: learning from past moments it would be missing, then present when scoring.
  if (m.target.kind !== "label") {
    const { rows: computed } = await pool().query<{ name: string }>("SELECT name FROM computed_traits WHERE workspace_id = $1 AND name = ANY($2::text[])", [workspaceId, m.traits]);
    if (computed.length) throw new AppError("invalid_input", `${computed.map((c) => c.name).join(", ")} is a computed trait: define it as a feature instead (features are computed as they were at each past moment).`);
  }
}

/** Creates a model and queues its first training. */
export async function createModel(opts: { workspaceId: string; actor: Actor; input: unknown }): Promise<Model> {
  const m = parse(opts.input);
  await checkInputs(opts.workspaceId, m);
  const id = `md_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  try {
    await pool().query("INSERT INTO models (id, workspace_id, name, kind, definition, score_trait, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      id, opts.workspaceId, m.name, m.target.kind, JSON.stringify(m), m.scoreTrait, opts.actor.label,
    ]);
  } catch (e) {
    const c = (e as { constraint?: string; code?: string });
    if (c.code === "23505") throw new AppError("conflict", c.constraint?.includes("score_trait") ? `Another model writes ${m.scoreTrait}: choose another score trait.` : `A model named ${m.name} exists already: choose another name.`);
    throw e;
  }
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "model.created", target: { type: "model", id }, summary: { name: m.name, kind: m.target.kind } });
  await requestJob({ workspaceId: opts.workspaceId, modelId: id, kind: "train", reason: "First training", requestedBy: opts.actor.label });
  return getModel({ workspaceId: opts.workspaceId, modelId: id });
}

/** Changes what the model learns from or how; the next training uses it. */
export async function updateModel(opts: { workspaceId: string; actor: Actor; modelId: string; input: unknown }): Promise<Model> {
  const m = parse(opts.input);
  await checkInputs(opts.workspaceId, m);
  const before = await getModel(opts);
  if (before.scoreTrait !== m.scoreTrait) throw new AppError("invalid_input", "The score trait cannot change: segments may use it. Create a new model instead.");
  await pool().query("UPDATE models SET name = $3, kind = $4, definition = $5, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.modelId, opts.workspaceId, m.name, m.target.kind, JSON.stringify(m)]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "model.updated", target: { type: "model", id: opts.modelId }, summary: { name: m.name } });
  return getModel(opts);
}

/** Deletes the model, its versions and its scores on profiles. */
export async function deleteModel(opts: { workspaceId: string; actor: Actor; modelId: string }): Promise<void> {
  const m = await getModel(opts);
  await withTransaction(async (c) => {
    await c.query("DELETE FROM models WHERE id = $1 AND workspace_id = $2", [m.id, opts.workspaceId]);
    await c.query("UPDATE profiles SET traits = traits - $2, trait_times = trait_times - $2, updated_at = now() WHERE workspace_id = $1 AND traits ? $2", [opts.workspaceId, m.scoreTrait]);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "model.deleted", target: { type: "model", id: m.id }, summary: { name: m.name } });
}

/** Queues training or scoring, unless the same work is already waiting or running. */
export async function requestJob(opts: { workspaceId: string; modelId: string; kind: "train" | "score"; reason: string; requestedBy: string }): Promise<ModelJob> {
  const { rows: open } = await pool().query<JobRow>(
    "SELECT id::text, kind, reason, status, progress, stage, error, version, created_at, finished_at FROM model_jobs WHERE model_id = $1 AND workspace_id = $2 AND kind = $3 AND status IN ('queued', 'running') ORDER BY id LIMIT 1",
    [opts.modelId, opts.workspaceId, opts.kind],
  );
  if (open[0]) return jobView(open[0]);
  const { rows } = await pool().query<JobRow>(
    `INSERT INTO model_jobs (workspace_id, model_id, kind, reason, requested_by) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM models WHERE id = $2 AND workspace_id = $1)
     RETURNING id::text, kind, reason, status, progress, stage, error, version, created_at, finished_at`,
    [opts.workspaceId, opts.modelId, opts.kind, opts.reason, opts.requestedBy],
  );
  if (!rows[0]) throw new AppError("not_found", "That model does not exist in this workspace.");
  await pool().query(`NOTIFY ${ML_CHANNEL}`);
  return jobView(rows[0]);
}

/** A person asks for a training now (the new version still has to beat the current one). */
export async function trainNow(opts: { workspaceId: string; actor: Actor; modelId: string }): Promise<ModelJob> {
  const job = await requestJob({ workspaceId: opts.workspaceId, modelId: opts.modelId, kind: "train", reason: `Asked by ${opts.actor.label}`, requestedBy: opts.actor.label });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "model.train_requested", target: { type: "model", id: opts.modelId } });
  return job;
}

/** Makes an earlier (or later) version the current one — a rollback — and rescores with it. */
export async function useVersion(opts: { workspaceId: string; actor: Actor; modelId: string; version: number }): Promise<Model> {
  await withTransaction(async (c) => {
    const { rows } = await c.query<{ current_version: number | null }>("SELECT current_version FROM models WHERE id = $1 AND workspace_id = $2 FOR UPDATE", [opts.modelId, opts.workspaceId]);
    if (!rows[0]) throw new AppError("not_found", "That model does not exist in this workspace.");
    const v = await c.query("UPDATE model_versions SET status = 'champion' WHERE model_id = $1 AND version = $2 RETURNING version", [opts.modelId, opts.version]);
    if (!v.rowCount) throw new AppError("not_found", `The model has no version ${opts.version}.`);
    await c.query("UPDATE model_versions SET status = 'retired' WHERE model_id = $1 AND version <> $2 AND status = 'champion'", [opts.modelId, opts.version]);
    await c.query("UPDATE models SET current_version = $2, updated_at = now() WHERE id = $1", [opts.modelId, opts.version]);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "model.version_used", target: { type: "model", id: opts.modelId }, summary: { version: opts.version } });
  await requestJob({ workspaceId: opts.workspaceId, modelId: opts.modelId, kind: "score", reason: `Version ${opts.version} made current by ${opts.actor.label}`, requestedBy: opts.actor.label });
  return getModel(opts);
}
