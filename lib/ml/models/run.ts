import { recordAudit } from "../../audit";
import { pool, withTransaction } from "../../db/pool";
import { enqueueTouched } from "../../segments/queue";
import { toNumber, type Raw } from "../encode";
import { featuresAt } from "../features/store";
import { psi } from "../metrics";
import { evaluate, predict, trainClassifier, type Trained } from "../train";
import { buildDataset, modelSpecs } from "./dataset";
import { modelSchema, type ModelInput } from "./schema";
import { requestJob } from "./store";

const STALE_MS = 5 * 60_000;
const SCORE_BATCH = 5_000;
const SAMPLE = 2_000;

type Job = { id: string; workspace_id: string; model_id: string; kind: "train" | "score"; reason: string };
type Progress = (share: number, stage: string) => void;
type Baseline = { scores: number[]; features: Record<string, number[]> };

/** Takes the next queued job (or one whose worker stopped answering) and runs it. False when there is none. */
export async function runNextJob(now = new Date()): Promise<boolean> {
  const { rows } = await pool().query<Job>(
    `UPDATE model_jobs SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(), stage = 'Starting'
      WHERE id = (SELECT id FROM model_jobs WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - $1 * interval '1 millisecond') ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, workspace_id, model_id, kind, reason`,
    [STALE_MS],
  );
  const job = rows[0];
  if (!job) return false;
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const progress: Progress = (share, stage) => {
    if (Date.now() - last < 500) return;
    last = Date.now();
    pending = pool().query("UPDATE model_jobs SET progress = $2, stage = $3, heartbeat_at = now() WHERE id = $1", [job.id, Math.min(0.99, share), stage]).catch(() => undefined);
  };
  try {
    const version = job.kind === "train" ? await trainJob(job, now, progress) : (await scoreJob(job, now, progress), null);
    await pending;
    await pool().query("UPDATE model_jobs SET status = 'done', progress = 1, stage = 'Done', finished_at = now(), version = $2 WHERE id = $1", [job.id, version]);
  } catch (e) {
    await pending;
    await pool().query("UPDATE model_jobs SET status = 'failed', stage = 'Failed', error = $2, finished_at = now() WHERE id = $1", [job.id, (e as Error).message]);
  }
  return true;
}

async function loadModel(job: Job): Promise<{ def: ModelInput; currentVersion: number | null }> {
  const { rows } = await pool().query<{ definition: unknown; current_version: number | null }>("SELECT definition, current_version FROM models WHERE id = $1 AND workspace_id = $2", [job.model_id, job.workspace_id]);
  if (!rows[0]) throw new Error("The model was deleted.");
  return { def: modelSchema.parse(rows[0].definition), currentVersion: rows[0].current_version };
}

async function loadVersion(modelId: string, version: number): Promise<{ params: Trained; baseline: Baseline; trainedAt: Date }> {
  const { rows } = await pool().query<{ params: Trained; baseline: Baseline; trained_at: Date }>("SELECT params, baseline, trained_at FROM model_versions WHERE model_id = $1 AND version = $2", [modelId, version]);
  if (!rows[0]) throw new Error(`Version ${version} is missing.`);
  return { params: rows[0].params, baseline: rows[0].baseline, trainedAt: rows[0].trained_at };
}

/** Quantiles of a sample (101 points), enough to compare distributions later without keeping the data. */
function quantiles(xs: number[]): number[] {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return [];
  return Array.from({ length: 101 }, (_, i) => s[Math.min(s.length - 1, Math.floor((i / 100) * (s.length - 1)))]!);
}

function baselineOf(t: Trained, rows: Raw[]): Baseline {
  const features: Record<string, number[]> = {};
  for (const c of t.encoder.columns) if (c.kind === "number") features[c.name] = quantiles(rows.map((r) => toNumber(r[c.name])));
  return { scores: quantiles(Array.from(predict(t, rows))), features };
}

/**
 * Builds the labelled data, trains, measures on the test set, and compares with the current version
 * on that same test set: the new version becomes current only if it ranks at least as well (ROC AUC).
 * A promoted version then scores every profile.
 */
async function trainJob(job: Job, now: Date, progress: Progress): Promise<number> {
  const started = Date.now();
  const { def, currentVersion } = await loadModel(job);
  const data = await buildDataset(job.workspace_id, def, now, progress);
  if (data.test.y.length < 20) throw new Error(`Only ${data.test.y.length} profiles to test on: import or collect more data first.`);
  const { trained, metrics } = await trainClassifier({ features: data.columns, fit: data.fit, stop: data.stop, test: data.test, algorithm: def.algorithm, onProgress: (s, stage) => progress(0.2 + s * 0.65, stage) });
  let comparison = null;
  let promoted = true;
  if (currentVersion !== null) {
    const champion = await loadVersion(job.model_id, currentVersion);
    const championAuc = evaluate(champion.params, data.test).rocAuc;
    promoted = !Number.isFinite(championAuc) || metrics.rocAuc >= championAuc;
    comparison = { championVersion: currentVersion, championAuc, challengerAuc: metrics.rocAuc, promoted };
  }
  const baseline = baselineOf(trained, data.test.rows);
  const version = await withTransaction(async (c) => {
    const { rows } = await c.query<{ v: number }>("SELECT coalesce(max(version), 0) + 1 AS v FROM model_versions WHERE model_id = $1", [job.model_id]);
    const v = rows[0]!.v;
    await c.query(
      `INSERT INTO model_versions (model_id, version, workspace_id, status, reason, algorithm, metrics, params, baseline, comparison, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [job.model_id, v, job.workspace_id, promoted ? "champion" : "rejected", job.reason, trained.algorithm, JSON.stringify({ ...metrics, split: data.split, trainRows: data.fit.y.length + data.stop.y.length }), JSON.stringify(trained), JSON.stringify(baseline), comparison ? JSON.stringify(comparison) : null, Date.now() - started],
    );
    if (promoted) {
      await c.query("UPDATE model_versions SET status = 'retired' WHERE model_id = $1 AND status = 'champion' AND version <> $2", [job.model_id, v]);
      await c.query("UPDATE models SET current_version = $2, drift = NULL, updated_at = now() WHERE id = $1", [job.model_id, v]);
    }
    return v;
  });
  await recordAudit({
    workspaceId: job.workspace_id,
    actor: { type: "system", label: "ml worker" },
    action: promoted ? "model.version_promoted" : "model.version_rejected",
    target: { type: "model", id: job.model_id },
    summary: { version, rocAuc: metrics.rocAuc, reason: job.reason, ...(comparison ? { championAuc: comparison.championAuc } : {}) },
  });
  if (promoted) await score(job, def, { params: trained, baseline, trainedAt: new Date() }, now, (s, stage) => progress(0.85 + s * 0.15, stage));
  return version;
}

async function scoreJob(job: Job, now: Date, progress: Progress): Promise<void> {
  const { def, currentVersion } = await loadModel(job);
  if (currentVersion === null) throw new Error("The model has no trained version yet.");
  await score(job, def, await loadVersion(job.model_id, currentVersion), now, progress);
}

/**
 * Writes the current version's probability to every profile it applies to as the model's score
 * trait (segments, journeys and syncs use it like any trait; changed profiles are re-evaluated), and
 * measures drift against the training baseline: a large shift of the scores or of a feature queues
 * a retraining.
 */
async function score(job: Job, def: ModelInput, v: { params: Trained; baseline: Baseline; trainedAt: Date }, now: Date, progress: Progress): Promise<void> {
  const specs = await modelSpecs(job.workspace_id, def);
  // Label models score the profiles that have their inputs; event models everyone seen in six months.
  const byTraits = def.target.kind === "label" && def.traits.length > 0;
  const scope = byTraits ? "AND p.traits ?| $2::text[]" : "AND p.last_seen_at >= $2::timestamptz - interval '180 days'";
  const scopeValue = byTraits ? def.traits : now;
  const { rows: count } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL ${scope}`, [job.workspace_id, scopeValue]);
  const total = count[0]!.n;
  const key = def.scoreTrait;
  const scores: number[] = [];
  const sampleRows: Raw[] = [];
  let after = 0;
  let done = 0;
  for (;;) {
    const { rows: ids } = await pool().query<{ id: string }>(`SELECT p.id::text FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL ${scope} AND p.id > $3 ORDER BY p.id LIMIT $4`, [job.workspace_id, scopeValue, after, SCORE_BATCH]);
    if (ids.length === 0) break;
    const moments = ids.map((r) => ({ profileId: Number(r.id), at: now }));
    const got = await featuresAt(pool(), job.workspace_id, moments, specs);
    const rows = moments.map((m) => got.get(`${m.profileId}@${now.getTime()}`) ?? {});
    const probs = predict(v.params, rows);
    for (let i = 0; i < rows.length && scores.length < SAMPLE; i += Math.max(1, Math.floor(total / SAMPLE))) {
      scores.push(probs[i]!);
      sampleRows.push(rows[i]!);
    }
    const { rows: changed } = await pool().query<{ id: string }>(
      `UPDATE profiles p SET traits = jsonb_set(p.traits, ARRAY[$2::text], to_jsonb(x.s)), trait_times = p.trait_times || jsonb_build_object($2::text, (extract(epoch FROM $3::timestamptz) * 1000)::bigint), updated_at = now()
         FROM unnest($4::bigint[], $5::float8[]) AS x(id, s)
        WHERE p.id = x.id AND p.workspace_id = $1 AND (p.traits -> $2::text) IS DISTINCT FROM to_jsonb(x.s)
        RETURNING p.id::text`,
      [job.workspace_id, key, now, moments.map((m) => m.profileId), Array.from(probs, (p) => Math.round(p * 10_000) / 10_000)],
    );
    if (changed.length) await enqueueTouched(pool(), job.workspace_id, changed.map((r) => ({ profileId: Number(r.id), traits: true, messageId: null })));
    done += ids.length;
    after = Number(ids[ids.length - 1]!.id);
    progress(done / Math.max(total, 1), `Scoring profiles (${done.toLocaleString("en")} of ${total.toLocaleString("en")})`);
  }
  // Drift: the scores and each numeric feature now, against what the version saw when it was tested.
  const features: Record<string, number> = {};
  for (const [name, ref] of Object.entries(v.baseline.features)) features[name] = round(psi(ref, sampleRows.map((r) => toNumber(r[name]))));
  const drift = { score: round(psi(v.baseline.scores, scores)), features, checkedAt: now.toISOString(), retrain: false };
  const worst = Object.entries(features).sort((a, b) => b[1] - a[1])[0];
  const recent = now.getTime() - v.trainedAt.getTime() < 24 * 3_600_000;
  if (!recent && (drift.score > def.driftThreshold || (worst && worst[1] > def.driftThreshold))) {
    drift.retrain = true;
    const why = drift.score > def.driftThreshold ? `scores shifted (PSI ${drift.score})` : `${worst![0]} shifted (PSI ${worst![1]})`;
    await requestJob({ workspaceId: job.workspace_id, modelId: job.model_id, kind: "train", reason: `Drift: ${why}`, requestedBy: "ml worker" });
  }
  await pool().query("UPDATE models SET last_scored_at = $2, scored_profiles = $3, drift = $4 WHERE id = $1", [job.model_id, now, done, JSON.stringify(drift)]);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Retraining on schedule, and daily rescoring of models whose features age with the clock. */
export async function scheduleModels(now = new Date()): Promise<number> {
  // The latest training of any version counts (a rejected challenger was a retraining too).
  const { rows } = await pool().query<{ id: string; workspace_id: string; every: number | null; kind: string; last: Date | null; last_scored_at: Date | null; open: boolean }>(
    `SELECT m.id, m.workspace_id, (m.definition ->> 'retrainEveryDays')::int AS every, m.kind, m.last_scored_at,
            (SELECT max(v.trained_at) FROM model_versions v WHERE v.model_id = m.id) AS last,
            EXISTS (SELECT 1 FROM model_jobs j WHERE j.model_id = m.id AND j.status IN ('queued', 'running')) AS open
       FROM models m WHERE m.current_version IS NOT NULL`,
  );
  let queued = 0;
  const day = 24 * 3_600_000;
  for (const m of rows) {
    if (m.open) continue;
    if (m.every && m.last && now.getTime() - m.last.getTime() >= m.every * day) {
      await requestJob({ workspaceId: m.workspace_id, modelId: m.id, kind: "train", reason: `Scheduled retraining (every ${m.every} days)`, requestedBy: "ml worker" });
      queued++;
    } else if (m.kind !== "label" && (!m.last_scored_at || now.getTime() - m.last_scored_at.getTime() >= day)) {
      await requestJob({ workspaceId: m.workspace_id, modelId: m.id, kind: "score", reason: "Daily scoring (features age with the clock)", requestedBy: "ml worker" });
      queued++;
    }
  }
  return queued;
}
