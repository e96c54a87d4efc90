import { createHash } from "node:crypto";
import { pool } from "../../db/pool";
import type { Raw } from "../encode";
import type { NamedSpec } from "../features/compile";
import { listFeatures, featuresAt } from "../features/store";
import type { LabelledSet } from "../train";
import type { ModelInput } from "./schema";

const DAY = 86_400_000;
const BATCH = 5_000;
/** Profiles taken per labelled moment, at most (a stable sample by profile). */
const PER_CUTOFF = 40_000;
/** Earlier moments for training, a week apart, all before the test moment's outcome window starts. */
const TRAIN_CUTOFFS = 6;

export type Dataset = { columns: string[]; fit: LabelledSet; stop: LabelledSet; test: LabelledSet; split: string };
type Progress = (share: number, stage: string) => void;

/** 0–99 from a profile's stable key: which part of the data it falls in. */
export const bucketOf = (key: string) => createHash("sha256").update(key).digest().readUInt32BE(0) % 100;

/** The feature specs a model reads: its features, then its traits as trait features (values as they were at each moment). */
export async function modelSpecs(workspaceId: string, m: Pick<ModelInput, "features" | "traits">): Promise<NamedSpec[]> {
  const defs = new Map((await listFeatures({ workspaceId })).map((f) => [f.name, f.spec]));
  const specs: NamedSpec[] = [];
  for (const name of m.features) {
    const spec = defs.get(name);
    if (!spec) throw new Error(`The feature ${name} no longer exists: remove it from the model.`);
    // A ratio needs its parts computed beside it.
    if (spec.kind === "ratio") for (const part of [spec.numerator, spec.denominator]) if (!m.features.includes(part) && defs.get(part)) specs.push({ name: part, spec: defs.get(part)! });
    specs.push({ name, spec });
  }
  for (const t of m.traits) if (!specs.some((s) => s.name === t)) specs.push({ name: t, spec: { kind: "trait", trait: t } });
  return specs;
}

async function rowsAt(workspaceId: string, specs: NamedSpec[], moments: { profileId: number; at: Date }[], progress?: (done: number) => void): Promise<Raw[]> {
  const out: Raw[] = [];
  for (let i = 0; i < moments.length; i += BATCH) {
    const part = moments.slice(i, i + BATCH);
    const got = await featuresAt(pool(), workspaceId, part, specs);
    for (const m of part) out.push(got.get(`${m.profileId}@${m.at.getTime()}`) ?? {});
    progress?.(Math.min(i + BATCH, moments.length));
  }
  return out;
}

/**
 * The labelled data a model learns from. Label models: every profile with the answer trait, its
 * traits and features now; a fixed 20% (by the profile's user id) is held out for testing. Event
 * models: labelled moments in the past, each profile's features as they were then and the outcome
 * in the N days after; the latest moment (N days ago) is the test set, earlier ones (their outcome
 * windows ending before it) train — a time-based split, as the model will be used on the future.
 */
export async function buildDataset(workspaceId: string, m: ModelInput, now: Date, onProgress: Progress = () => {}): Promise<Dataset> {
  const specs = await modelSpecs(workspaceId, m);
  const columns = specs.filter((s) => m.features.includes(s.name) || m.traits.includes(s.name)).map((s) => s.name);
  const t = m.target;
  if (t.kind === "label") {
    onProgress(0.02, "Reading labelled profiles");
    const { rows } = await pool().query<{ id: string; key: string; label: unknown }>(
      `SELECT p.id::text, coalesce((SELECT i.value FROM identities i WHERE i.profile_id = p.id AND i.kind = 'user_id' ORDER BY i.value LIMIT 1), p.id::text) AS key, p.traits -> $2 AS label
         FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL AND p.traits ? $2 AND p.traits -> $2 <> 'null'::jsonb`,
      [workspaceId, t.trait],
    );
    const raw = await rowsAt(workspaceId, specs, rows.map((r) => ({ profileId: Number(r.id), at: now })), (done) => onProgress(0.02 + 0.13 * (done / rows.length), `Reading features (${done.toLocaleString("en")} profiles)`));
    const positive = t.positive.toLowerCase();
    const y = rows.map((r) => (String(r.label).toLowerCase() === positive ? 1 : 0));
    const parts = { fit: { rows: [] as Raw[], y: [] as number[] }, stop: { rows: [] as Raw[], y: [] as number[] }, test: { rows: [] as Raw[], y: [] as number[] } };
    rows.forEach((r, i) => {
      const b = bucketOf(r.key);
      const part = b < 20 ? parts.test : b >= 85 ? parts.stop : parts.fit;
      part.rows.push(raw[i]!);
      part.y.push(y[i]!);
    });
    return { columns, ...parts, split: "A fixed 20% of the labelled profiles (by user id) held out for testing" };
  }

  const horizon = t.horizonDays * DAY;
  const test = new Date(now.getTime() - horizon);
  const { rows: span } = await pool().query<{ first: Date | null }>("SELECT min(ts) AS first FROM events WHERE workspace_id = $1", [workspaceId]);
  const first = span[0]?.first?.getTime() ?? now.getTime();
  const cutoffs: Date[] = [];
  for (let j = 0; j < TRAIN_CUTOFFS; j++) {
    const at = test.getTime() - horizon - j * 7 * DAY;
    if (at - 7 * DAY > first) cutoffs.push(new Date(at));
  }
  if (test.getTime() - 7 * DAY <= first || cutoffs.length === 0) {
    throw new Error(`Not enough history: a ${t.horizonDays}-day horizon needs events from at least ${2 * t.horizonDays + 14} days ago to learn from and test on.`);
  }
  const activeDays = t.kind === "churn" ? t.activeDays : 90;
  const activity = t.kind === "churn" && t.activityEvent !== "*" ? t.activityEvent : null;
  const sample = async (at: Date) => {
    const { rows } = await pool().query<{ profile_id: string; key: string; positive: boolean }>(
      `WITH eligible AS (
         SELECT DISTINCT e.profile_id FROM events e
          WHERE e.workspace_id = $1 AND e.ts >= $2::timestamptz - make_interval(days => $3) AND e.ts < $2 AND ($4::text IS NULL OR e.event = $4)),
       picked AS (SELECT el.profile_id FROM eligible el JOIN profiles p ON p.id = el.profile_id AND p.merged_into IS NULL ORDER BY hashint8(el.profile_id) LIMIT $5)
       SELECT pk.profile_id::text, pk.profile_id::text AS key,
              EXISTS (SELECT 1 FROM events o WHERE o.workspace_id = $1 AND o.profile_id = pk.profile_id AND o.ts >= $2 AND o.ts < $2::timestamptz + make_interval(days => $6)
                         AND ${t.kind === "propensity" ? "o.event = $7" : "($4::text IS NULL OR o.event = $4) AND o.type = 'track'"}) AS positive
         FROM picked pk`,
      t.kind === "propensity" ? [workspaceId, at, activeDays, activity, PER_CUTOFF, t.horizonDays, t.event] : [workspaceId, at, activeDays, activity, PER_CUTOFF, t.horizonDays],
    );
    // Churn is the absence of activity in the window.
    return rows.map((r) => ({ profileId: Number(r.profile_id), key: r.key, y: (t.kind === "churn" ? !r.positive : r.positive) ? 1 : 0 }));
  };
  onProgress(0.02, "Finding labelled moments");
  const testRows = await sample(test);
  const trainRows: { profileId: number; key: string; y: number; at: Date }[] = [];
  for (const at of cutoffs) for (const r of await sample(at)) trainRows.push({ ...r, at });
  const total = testRows.length + trainRows.length;
  const progress = (base: number) => (done: number) => onProgress(0.05 + 0.15 * ((base + done) / total), `Features as they were (${(base + done).toLocaleString("en")} of ${total.toLocaleString("en")} moments)`);
  const testRaw = await rowsAt(workspaceId, specs, testRows.map((r) => ({ profileId: r.profileId, at: test })), progress(0));
  const trainRaw = await rowsAt(workspaceId, specs, trainRows, progress(testRows.length));
  const fit = { rows: [] as Raw[], y: [] as number[] };
  const stop = { rows: [] as Raw[], y: [] as number[] };
  trainRows.forEach((r, i) => {
    const part = bucketOf(r.key) >= 85 ? stop : fit;
    part.rows.push(trainRaw[i]!);
    part.y.push(r.y);
  });
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    columns,
    fit,
    stop,
    test: { rows: testRaw, y: testRows.map((r) => r.y) },
    split: `Trained on ${cutoffs.length} moments from ${day(cutoffs[cutoffs.length - 1]!)} to ${day(cutoffs[0]!)}, tested on ${day(test)} (outcomes within ${t.horizonDays} days)`,
  };
}
