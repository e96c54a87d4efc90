import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import type { Queryable } from "../bus";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";
import { enqueueTouched } from "../segments/queue";
import { propertyFilterSchema } from "../segments/schema";
import { filterSql, num, Params, pathOf, windowSql } from "../segments/sql";

/**
 * Computed traits: profile attributes aggregated from events (`lifetime_value` = sum of revenue of
 * Order Completed, `orders_90d`, `favorite_category`, `last_order_at`), written into the profile's
 * traits so segments, journeys, syncs and models use them like any trait. Built from history when
 * created; kept fresh as events arrive; windowed ones also recomputed daily as events age out.
 */
export const AGGREGATES = ["count", "sum", "avg", "min", "max", "first", "last", "most_frequent", "distinct_count"] as const;
export const EVENT_TIME = "$time";

export const computedTraitSchema = z
  .object({
    name: z.string().trim().regex(/^[a-z][a-z0-9_]{0,62}$/, "Name it in snake_case, like lifetime_value"),
    description: z.string().trim().max(500).default(""),
    aggregate: z.enum(AGGREGATES, { error: `Choose how to aggregate: ${AGGREGATES.join(", ")}` }),
    event: z.string().trim().min(1, "Choose an event").max(200),
    property: z.string().trim().max(200).optional(),
    filters: z.array(propertyFilterSchema).max(10).default([]),
    window: z.discriminatedUnion("kind", [z.object({ kind: z.literal("ever") }), z.object({ kind: z.literal("last"), amount: z.number().int().min(1).max(3650), unit: z.enum(["days", "weeks"]) })]).default({ kind: "ever" }),
  })
  .refine((d) => d.aggregate === "count" || !!d.property, { message: "Choose the property to aggregate (or the event's time for first / last)", path: ["property"] })
  .refine((d) => d.property !== EVENT_TIME || ["first", "last", "min", "max"].includes(d.aggregate), { message: "The event's time works with first, last, min and max", path: ["property"] });
export type ComputedTraitInput = z.infer<typeof computedTraitSchema>;

export type ComputedTrait = ComputedTraitInput & { id: string; status: "building" | "live"; builtAt: string | null; profilesWithValue: number; createdAt: string };

type Row = { id: string; name: string; description: string; definition: ComputedTraitInput; status: "building" | "live"; built_at: Date | null; profiles_with_value: number; created_at: Date };
const view = (r: Row): ComputedTrait => ({ ...r.definition, id: r.id, name: r.name, description: r.description, status: r.status, builtAt: r.built_at?.toISOString() ?? null, profilesWithValue: r.profiles_with_value, createdAt: r.created_at.toISOString() });

/** The value expression over `events e` for one profile's matching events. */
function aggregateSql(d: ComputedTraitInput, p: Params): string {
  const isTime = d.property === EVENT_TIME;
  const path = d.property && !isTime ? p.add(pathOf(d.property), "::text[]") : "";
  const text = isTime ? "e.ts::text" : `(e.properties #>> ${path})`;
  const number = num(text);
  switch (d.aggregate) {
    case "count":
      return "to_jsonb(count(*))";
    case "sum":
      return `to_jsonb(coalesce(sum(${number}), 0))`;
    case "avg":
      return `to_jsonb(round(avg(${number}), 4))`;
    case "min":
    case "max":
      return isTime ? `to_jsonb(${d.aggregate}(e.ts))` : `to_jsonb(${d.aggregate}(${number}))`;
    case "first":
    case "last":
      return isTime ? `to_jsonb(${d.aggregate === "first" ? "min" : "max"}(e.ts))` : `(array_agg(e.properties #> ${path} ORDER BY e.ts ${d.aggregate === "first" ? "ASC" : "DESC"}) FILTER (WHERE e.properties #> ${path} IS NOT NULL))[1]`;
    case "most_frequent":
      return `to_jsonb(mode() WITHIN GROUP (ORDER BY ${text}))`;
    case "distinct_count":
      return `to_jsonb(count(DISTINCT ${text}))`;
  }
}

/** What a profile with no matching events has: zero for counts and sums, nothing for the rest. */
const emptyValue = (d: ComputedTraitInput) => (["count", "sum", "distinct_count"].includes(d.aggregate) ? "'0'::jsonb" : "NULL::jsonb");

/**
 * Recomputes one trait for some profiles (or all of the workspace's): one statement that aggregates
 * their events and writes the traits (and the trait's time), then queues the changed profiles for
 * live segment re-evaluation. Returns the profiles whose value changed.
 */
export async function computeTrait(db: Queryable, workspaceId: string, name: string, d: ComputedTraitInput, profileIds: number[] | null, now = new Date()): Promise<number[]> {
  const p = new Params();
  const ws = p.add(workspaceId);
  const nowSql = p.add(now.toISOString(), "::timestamptz");
  const targets = profileIds ? `SELECT unnest(${p.add(profileIds, "::bigint[]")}) AS id` : `SELECT id FROM profiles WHERE workspace_id = ${ws} AND merged_into IS NULL`;
  const scope = profileIds ? `AND e.profile_id = ANY(${p.add(profileIds, "::bigint[]")})` : "";
  const where = [`e.workspace_id = ${ws}`, `e.event = ${p.add(d.event)}`, windowSql(d.window, "e", p, nowSql), ...d.filters.map((f) => filterSql(f, "e", p, nowSql))].join(" AND ");
  const key = p.add(name);
  const { rows } = await db.query<{ id: string }>(
    `WITH t AS (${targets}),
     agg AS (SELECT e.profile_id, ${aggregateSql(d, p)} AS v FROM events e WHERE ${where} ${scope} GROUP BY e.profile_id),
     val AS (SELECT t.id, coalesce(agg.v, ${emptyValue(d)}) AS v FROM t LEFT JOIN agg ON agg.profile_id = t.id)
     UPDATE profiles pr SET
       traits = CASE WHEN val.v IS NULL OR val.v = 'null'::jsonb THEN pr.traits - ${key} ELSE jsonb_set(pr.traits, ARRAY[${key}], val.v) END,
       trait_times = pr.trait_times || jsonb_build_object(${key}, (extract(epoch FROM ${nowSql}) * 1000)::bigint),
       updated_at = now()
      FROM val
     WHERE pr.id = val.id AND pr.workspace_id = ${ws} AND (pr.traits -> ${key}) IS DISTINCT FROM (CASE WHEN val.v = 'null'::jsonb THEN NULL ELSE val.v END)
     RETURNING pr.id::text`,
    p.values,
  );
  const changed = rows.map((r) => Number(r.id));
  for (let i = 0; i < changed.length; i += 5000) await enqueueTouched(db, workspaceId, changed.slice(i, i + 5000).map((profileId) => ({ profileId, traits: true, messageId: null })));
  return changed;
}

export async function listComputedTraits(opts: { workspaceId: string }): Promise<ComputedTrait[]> {
  const { rows } = await pool().query<Row>("SELECT * FROM computed_traits WHERE workspace_id = $1 ORDER BY name", [opts.workspaceId]);
  return rows.map(view);
}

/** Creates the trait; the traits worker builds it from history at once. */
export async function createComputedTrait(opts: { workspaceId: string; actor: Actor; input: ComputedTraitInput }): Promise<ComputedTrait> {
  const id = `ct_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  try {
    await pool().query("INSERT INTO computed_traits (id, workspace_id, name, description, definition, event, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      id, opts.workspaceId, opts.input.name, opts.input.description, JSON.stringify(opts.input), opts.input.event, opts.actor.label,
    ]);
  } catch (e) {
    if ((e as { code?: string }).code === "23505") throw new AppError("conflict", `A computed trait named ${opts.input.name} exists already: choose another name.`);
    throw e;
  }
  await pool().query(`NOTIFY ${TRAITS_CHANNEL}`);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "computed_trait.created", target: { type: "computed_trait", id }, summary: { name: opts.input.name, aggregate: opts.input.aggregate, event: opts.input.event } });
  return (await listComputedTraits(opts)).find((t) => t.id === id)!;
}

/** Deletes the trait definition and removes the value from every profile. */
export async function deleteComputedTrait(opts: { workspaceId: string; actor: Actor; id: string }): Promise<void> {
  await withTransaction(async (c) => {
    const { rows } = await c.query<{ name: string }>("DELETE FROM computed_traits WHERE id = $1 AND workspace_id = $2 RETURNING name", [opts.id, opts.workspaceId]);
    if (!rows[0]) throw new AppError("not_found", "That computed trait does not exist in this workspace.");
    await c.query("UPDATE profiles SET traits = traits - $2, trait_times = trait_times - $2, updated_at = now() WHERE workspace_id = $1 AND traits ? $2", [opts.workspaceId, rows[0].name]);
    await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "computed_trait.deleted", target: { type: "computed_trait", id: opts.id }, summary: { name: rows[0].name } });
  });
}

export const TRAITS_CHANNEL = "ns_traits";

/** Called by ingestion in its transaction: queues profiles whose new events some computed trait reads. */
export async function queueComputed(db: Queryable, workspaceId: string, touched: { profileId: number; events: string[] }[]): Promise<void> {
  const names = [...new Set(touched.flatMap((t) => t.events))];
  if (names.length === 0) return;
  const { rows } = await db.query<{ event: string }>("SELECT DISTINCT event FROM computed_traits WHERE workspace_id = $1 AND event = ANY($2::text[])", [workspaceId, names]);
  if (rows.length === 0) return;
  const wanted = new Set(rows.map((r) => r.event));
  const ids = touched.filter((t) => t.events.some((e) => wanted.has(e))).map((t) => t.profileId);
  if (ids.length === 0) return;
  await db.query("INSERT INTO computed_queue (workspace_id, profile_id) SELECT $1, unnest($2::bigint[])", [workspaceId, ids]);
  await db.query(`NOTIFY ${TRAITS_CHANNEL}`);
}

/** Queued profiles: every trait of their workspace recomputed for them, in the transaction that takes them off the queue. */
export async function processComputedQueue(limit = 2000, now = new Date()): Promise<number> {
  return withTransaction(async (c) => {
    const { rows } = await c.query<{ workspace_id: string; profile_id: string }>(
      `DELETE FROM computed_queue WHERE id IN (SELECT id FROM computed_queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING workspace_id, profile_id::text`,
      [limit],
    );
    const byWs = new Map<string, Set<number>>();
    for (const r of rows) byWs.set(r.workspace_id, (byWs.get(r.workspace_id) ?? new Set()).add(Number(r.profile_id)));
    for (const [ws, ids] of byWs) {
      const { rows: traits } = await c.query<{ name: string; definition: ComputedTraitInput }>("SELECT name, definition FROM computed_traits WHERE workspace_id = $1 AND status = 'live'", [ws]);
      for (const t of traits) await computeTrait(c, ws, t.name, computedTraitSchema.parse(t.definition), [...ids], now);
    }
    return rows.length;
  });
}

/** Builds one trait from history: a new one, or a windowed one whose daily refresh is due. */
export async function buildNextComputed(now = new Date()): Promise<boolean> {
  return withTransaction(async (c) => {
    const { rows } = await c.query<{ id: string; workspace_id: string; name: string; definition: ComputedTraitInput }>(
      `SELECT id, workspace_id, name, definition FROM computed_traits
        WHERE status = 'building' OR (definition -> 'window' ->> 'kind' = 'last' AND built_at < $1::timestamptz - interval '1 day')
        ORDER BY status = 'building' DESC, built_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    const t = rows[0];
    if (!t) return false;
    await computeTrait(c, t.workspace_id, t.name, computedTraitSchema.parse(t.definition), null, now);
    await c.query(
      "UPDATE computed_traits SET status = 'live', built_at = $2, profiles_with_value = (SELECT count(*) FROM profiles WHERE workspace_id = $3 AND traits ? $4), updated_at = now() WHERE id = $1",
      [t.id, now, t.workspace_id, t.name],
    );
    return true;
  });
}
