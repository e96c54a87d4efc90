import { randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../../audit";
import type { Queryable } from "../../bus";
import { pool, withTransaction } from "../../db/pool";
import { TtlCache } from "../../db/ttl-cache";
import { AppError } from "../../errors";
import { piiPolicy } from "../../privacy/mask";
import { featuresSql, type NamedSpec } from "./compile";
import { ANY_EVENT, eventsOf, featureSchema, STARTER_FEATURES, type Feature, type FeatureInput } from "./schema";

export const FEATURES_CHANNEL = "ns_features";
type Row = { id: string; name: string; description: string; definition: FeatureInput["spec"]; created_at: Date };
const view = (r: Row): Feature => ({ id: r.id, name: r.name, description: r.description, spec: r.definition, createdAt: r.created_at.toISOString() });

export async function listFeatures(opts: { workspaceId: string }, db: Queryable = pool()): Promise<Feature[]> {
  const { rows } = await db.query<Row>("SELECT id, name, description, definition, created_at FROM feature_definitions WHERE workspace_id = $1 ORDER BY name", [opts.workspaceId]);
  return rows.map(view);
}

/** Saves a feature (refusing a ratio of unknown or ratio features), then rebuilds the online store of the workspace. */
export async function createFeature(opts: { workspaceId: string; actor: Actor; input: unknown }): Promise<Feature> {
  const parsed = featureSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  const f = parsed.data;
  // Models learn from behaviour and attributes, not from who someone is: the store holds no personal data.
  if (f.spec.kind === "trait" && (await piiPolicy(opts.workspaceId)).isPersonal(f.spec.trait, "trait")) throw new AppError("invalid_input", `${f.spec.trait} is personal data: features describe behaviour and attributes, not who someone is. Choose another trait.`);
  if (f.spec.kind === "ratio") {
    const known = new Map((await listFeatures(opts)).map((x) => [x.name, x.spec.kind]));
    for (const part of [f.spec.numerator, f.spec.denominator]) {
      if (!known.has(part)) throw new AppError("invalid_input", `A ratio divides two existing features: create ${part} first.`);
      if (known.get(part) === "ratio") throw new AppError("invalid_input", `${part} is a ratio itself: divide plain features.`);
    }
  }
  const id = `ft_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  try {
    await pool().query("INSERT INTO feature_definitions (id, workspace_id, name, description, definition, events, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      id, opts.workspaceId, f.name, f.description, JSON.stringify(f.spec), eventsOf(f.spec), opts.actor.label,
    ]);
  } catch (e) {
    if ((e as { code?: string }).code === "23505") throw new AppError("conflict", `A feature named ${f.name} exists already: choose another name.`);
    throw e;
  }
  await markForRebuild(opts.workspaceId);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "feature.created", target: { type: "feature", id }, summary: { name: f.name, kind: f.spec.kind } });
  return view({ id, name: f.name, description: f.description, definition: f.spec, created_at: new Date() });
}

export async function deleteFeature(opts: { workspaceId: string; actor: Actor; id: string }): Promise<void> {
  await withTransaction(async (c) => {
    const { rows } = await c.query<{ name: string }>("SELECT name FROM feature_definitions WHERE id = $1 AND workspace_id = $2", [opts.id, opts.workspaceId]);
    if (!rows[0]) throw new AppError("not_found", "That feature does not exist in this workspace.");
    const { rows: users } = await c.query<{ name: string }>("SELECT name FROM models WHERE workspace_id = $1 AND definition -> 'features' ? $2", [opts.workspaceId, rows[0].name]);
    if (users.length) throw new AppError("conflict", `Models use this feature: ${users.map((u) => u.name).join(", ")}. Remove it from them first.`);
    const { rows: ratios } = await c.query<{ name: string }>("SELECT name FROM feature_definitions WHERE workspace_id = $1 AND definition ->> 'kind' = 'ratio' AND (definition ->> 'numerator' = $2 OR definition ->> 'denominator' = $2)", [opts.workspaceId, rows[0].name]);
    if (ratios.length) throw new AppError("conflict", `Ratios divide by this feature: ${ratios.map((u) => u.name).join(", ")}. Delete them first.`);
    await c.query("DELETE FROM feature_definitions WHERE id = $1", [opts.id]);
    await c.query("UPDATE profile_features SET features = features - $2 WHERE workspace_id = $1", [opts.workspaceId, rows[0].name]);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "feature.deleted", target: { type: "feature", id: opts.id } });
}

/** The starter features (recency, frequency, monetary value, activity windows), for a new or demo workspace. */
export async function createStarterFeatures(opts: { workspaceId: string; actor: Actor }): Promise<void> {
  for (const f of STARTER_FEATURES) {
    await pool().query("INSERT INTO feature_definitions (id, workspace_id, name, description, definition, events, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, name) DO NOTHING", [
      `ft_${randomUUID().replace(/-/g, "").slice(0, 16)}`, opts.workspaceId, f.name, f.description, JSON.stringify(f.spec), eventsOf(f.spec), opts.actor.label,
    ]);
  }
  await markForRebuild(opts.workspaceId);
}

async function markForRebuild(workspaceId: string): Promise<void> {
  await pool().query("DELETE FROM feature_sweeps WHERE workspace_id = $1", [workspaceId]);
  specCache.delete(workspaceId);
  await pool().query(`NOTIFY ${FEATURES_CHANNEL}`);
}

const specCache = new TtlCache<{ specs: NamedSpec[]; events: Set<string>; traits: boolean }>(5_000);
async function workspaceSpecs(workspaceId: string, db: Queryable = pool()) {
  return specCache.get(workspaceId, async () => {
    const list = await listFeatures({ workspaceId }, db);
    return { specs: list.map((f) => ({ name: f.name, spec: f.spec })), events: new Set(list.flatMap((f) => eventsOf(f.spec))), traits: list.some((f) => f.spec.kind === "trait") };
  });
}

export type Moment = { profileId: number; at: Date };

/** Features of the given profiles at the given moments (point in time), by `${profileId}@${at ms}`. */
export async function featuresAt(db: Queryable, workspaceId: string, moments: Moment[], specs?: NamedSpec[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const use = specs ?? (await workspaceSpecs(workspaceId, db)).specs;
  if (moments.length === 0) return out;
  if (use.length === 0) {
    for (const m of moments) out.set(`${m.profileId}@${m.at.getTime()}`, {});
    return out;
  }
  const q = featuresSql(workspaceId, use);
  const { rows } = await db.query<{ profile_id: string; at: Date; features: Record<string, unknown> }>(q.sql, q.values(moments.map((m) => m.profileId), moments.map((m) => m.at)));
  for (const r of rows) out.set(`${r.profile_id}@${r.at.getTime()}`, r.features);
  return out;
}

/** Recomputes profiles' features as of now and stores them for online reads. */
export async function refreshProfiles(db: Queryable, workspaceId: string, profileIds: number[], now = new Date()): Promise<number> {
  if (profileIds.length === 0) return 0;
  const { specs } = await workspaceSpecs(workspaceId, db);
  if (specs.length === 0) return 0;
  const q = featuresSql(workspaceId, specs);
  const r = await db.query(
    `WITH f AS (${q.sql})
     INSERT INTO profile_features (workspace_id, profile_id, features, computed_at)
     SELECT $1, f.profile_id::bigint, f.features, f.at FROM f JOIN profiles pr ON pr.id = f.profile_id::bigint AND pr.workspace_id = $1 AND pr.merged_into IS NULL
     ON CONFLICT (workspace_id, profile_id) DO UPDATE SET features = excluded.features, computed_at = excluded.computed_at`,
    q.values(profileIds, profileIds.map(() => now)),
  );
  return r.rowCount ?? 0;
}

/** The stored feature vector of a profile (online read), with when it was computed. */
export async function profileFeatures(workspaceId: string, profileId: number, db: Queryable = pool()): Promise<{ features: Record<string, unknown>; computedAt: string } | null> {
  const { rows } = await db.query<{ features: Record<string, unknown>; computed_at: Date }>("SELECT features, computed_at FROM profile_features WHERE workspace_id = $1 AND profile_id = $2", [workspaceId, profileId]);
  return rows[0] ? { features: rows[0].features, computedAt: rows[0].computed_at.toISOString() } : null;
}

/** Called by ingestion in its transaction: queues profiles whose new events (or traits) some feature reads. */
export async function queueFeatures(db: Queryable, workspaceId: string, touched: { profileId: number; events: string[]; traits: boolean }[]): Promise<void> {
  if (touched.length === 0) return;
  const w = await workspaceSpecs(workspaceId, db);
  if (w.specs.length === 0) return;
  const ids = touched.filter((t) => (t.traits && w.traits) || (t.events.length > 0 && (w.events.has(ANY_EVENT) || t.events.some((e) => w.events.has(e))))).map((t) => t.profileId);
  if (ids.length === 0) return;
  await db.query("INSERT INTO feature_queue (workspace_id, profile_id) SELECT $1, unnest($2::bigint[])", [workspaceId, ids]);
  await db.query(`NOTIFY ${FEATURES_CHANNEL}`);
}

/** Takes queued profiles off the queue and refreshes them, in one transaction. */
export async function processFeatureQueue(limit = 2000, now = new Date()): Promise<number> {
  return withTransaction(async (c) => {
    const { rows } = await c.query<{ workspace_id: string; profile_id: string }>(
      "DELETE FROM feature_queue WHERE id IN (SELECT id FROM feature_queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING workspace_id, profile_id::text",
      [limit],
    );
    const byWs = new Map<string, Set<number>>();
    for (const r of rows) byWs.set(r.workspace_id, (byWs.get(r.workspace_id) ?? new Set()).add(Number(r.profile_id)));
    for (const [ws, ids] of byWs) await refreshProfiles(c, ws, [...ids], now);
    return rows.length;
  });
}

const SWEEP_BATCH = 5_000;

/**
 * One step of the recompute of every profile of a workspace whose store is new (features just
 * defined or changed) or a day old (windows age with the clock: "orders in 30 days" drops as orders
 * get older): the next batch of profiles after where the sweep stands. Returns false when no
 * workspace needs it. The worker handles queued profiles between steps, so fresh events never wait
 * for a whole sweep.
 */
export async function sweepStep(now = new Date(), batch = SWEEP_BATCH): Promise<boolean> {
  return withTransaction(async (c) => {
    await c.query("INSERT INTO feature_sweeps (workspace_id, swept_at, profiles) SELECT DISTINCT workspace_id, '-infinity'::timestamptz, 0 FROM feature_definitions ON CONFLICT (workspace_id) DO NOTHING");
    const { rows } = await c.query<{ workspace_id: string; cursor: string | null; started_at: Date | null; counted: number }>(
      `SELECT s.workspace_id, s.cursor::text, s.started_at, s.counted FROM feature_sweeps s
        WHERE EXISTS (SELECT 1 FROM feature_definitions d WHERE d.workspace_id = s.workspace_id)
          AND (s.cursor IS NOT NULL OR s.swept_at <= $1::timestamptz - interval '1 day')
        ORDER BY s.cursor IS NULL, s.swept_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    const sweep = rows[0];
    if (!sweep) return false;
    const ws = sweep.workspace_id;
    const { rows: ids } = await c.query<{ id: string }>("SELECT id::text FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL AND id > $2 ORDER BY id LIMIT $3", [ws, sweep.cursor ?? 0, batch]);
    const n = await refreshProfiles(c, ws, ids.map((r) => Number(r.id)), now);
    if (ids.length < batch) {
      await c.query("UPDATE feature_sweeps SET swept_at = coalesce(started_at, $2), profiles = counted + $3, cursor = NULL, started_at = NULL, counted = 0 WHERE workspace_id = $1", [ws, now, n]);
    } else {
      await c.query("UPDATE feature_sweeps SET cursor = $2, started_at = coalesce(started_at, $3), counted = counted + $4 WHERE workspace_id = $1", [ws, ids[ids.length - 1]!.id, now, n]);
    }
    return true;
  });
}
