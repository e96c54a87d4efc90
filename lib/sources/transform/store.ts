import { z } from "zod";
import { recordAudit, type Actor } from "../../audit";
import type { Queryable } from "../../bus";
import { pool, withTransaction } from "../../db/pool";
import { TtlCache } from "../../db/ttl-cache";
import { applySteps, stepsSchema, type Outcome, type Step } from "./steps";
import { assertSourceInWorkspace as owned } from "../owned";

const cache = new TtlCache<Step[]>(5_000);

/** The steps a source applies at ingest, cached for a few seconds (the ingest hot path asks per request). */
export function stepsForSource(sourceId: string): Promise<Step[]> {
  return cache.get(sourceId, async () => {
    const { rows } = await pool().query<{ steps: unknown }>("SELECT steps FROM source_transformations WHERE source_id = $1", [sourceId]);
    return rows[0] ? stepsSchema.parse(rows[0].steps) : [];
  });
}


export type Transformations = { version: number; steps: Step[]; history: { version: number; steps: number; createdBy: string; createdAt: string }[] };

export async function getTransformations(opts: { workspaceId: string; sourceId: string }): Promise<Transformations> {
  await owned(opts.workspaceId, opts.sourceId);
  const [cur, hist] = await Promise.all([
    pool().query<{ version: number; steps: unknown }>("SELECT version, steps FROM source_transformations WHERE source_id = $1", [opts.sourceId]),
    pool().query<{ version: number; n: number; created_by: string; created_at: Date }>(
      "SELECT version, jsonb_array_length(steps) AS n, created_by, created_at FROM source_transformation_versions WHERE source_id = $1 ORDER BY version DESC LIMIT 20",
      [opts.sourceId],
    ),
  ]);
  return {
    version: cur.rows[0]?.version ?? 0,
    steps: cur.rows[0] ? stepsSchema.parse(cur.rows[0].steps) : [],
    history: hist.rows.map((h) => ({ version: h.version, steps: h.n, createdBy: h.created_by, createdAt: h.created_at.toISOString() })),
  };
}

/** Saves the steps as a new version; they apply to messages received from then on. */
export async function saveTransformations(opts: { workspaceId: string; actor: Actor; sourceId: string; steps: Step[] }): Promise<Transformations> {
  await owned(opts.workspaceId, opts.sourceId);
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO source_transformations (source_id, workspace_id, version, steps, updated_by) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (source_id) DO UPDATE SET version = source_transformations.version + 1, steps = excluded.steps, updated_by = excluded.updated_by, updated_at = now()
       RETURNING version`,
      [opts.sourceId, opts.workspaceId, JSON.stringify(opts.steps), opts.actor.label],
    );
    await client.query("INSERT INTO source_transformation_versions (source_id, version, steps, created_by) VALUES ($1, $2, $3, $4)", [opts.sourceId, rows[0]!.version, JSON.stringify(opts.steps), opts.actor.label]);
  });
  cache.delete(opts.sourceId);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.transformations_saved", target: { type: "source", id: opts.sourceId }, summary: { steps: opts.steps.map((s) => s.kind) } });
  return getTransformations(opts);
}

export type PreviewRow = { before: Record<string, unknown>; outcome: Outcome };

/** The steps (saved or not) applied to the source's latest events, as they were sent. */
export async function previewTransformations(opts: { workspaceId: string; sourceId: string; steps: Step[]; limit?: number }): Promise<PreviewRow[]> {
  await owned(opts.workspaceId, opts.sourceId);
  const { rows } = await pool().query<{ m: Record<string, unknown> }>(
    `SELECT jsonb_strip_nulls(jsonb_build_object('type', type, 'event', event, 'userId', user_id, 'anonymousId', anonymous_id, 'messageId', message_id,
            'timestamp', ts, 'properties', properties, 'traits', traits, 'context', context)) AS m
       FROM events WHERE workspace_id = $1 AND source_id = $2 AND received_at > now() - interval '30 days' ORDER BY received_at DESC LIMIT $3`,
    [opts.workspaceId, opts.sourceId, opts.limit ?? 20],
  );
  return rows.map((r) => ({ before: r.m, outcome: applySteps(opts.steps, r.m) }));
}

export async function quarantine(db: Queryable, workspaceId: string, sourceId: string | null, items: { payload: unknown; reason: string }[]): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    "INSERT INTO quarantined_messages (workspace_id, source_id, reason, payload) SELECT $1, $2, * FROM unnest($3::text[], $4::jsonb[])",
    [workspaceId, sourceId, items.map((i) => i.reason), items.map((i) => JSON.stringify(i.payload))],
  );
}

export type Held = { id: string; receivedAt: string; reason: string; payload: unknown };
/** Which held messages: an event name (exactly) and words of the reason. */
export const quarantineFilterSchema = z.object({
  event: z.string().trim().max(200, "Use an event name of at most 200 characters").optional(),
  reason: z.string().trim().max(200, "Search the reason with at most 200 characters").optional(),
});
export type QuarantineFilter = z.infer<typeof quarantineFilterSchema>;
export type QuarantineGroup = { event: string | null; reason: string; count: number };

function filterSql(f: QuarantineFilter, params: unknown[]): string {
  let sql = "";
  if (f.event) {
    params.push(f.event);
    sql += ` AND payload->>'event' = $${params.length}`;
  }
  if (f.reason?.trim()) {
    params.push(`%${f.reason.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    sql += ` AND reason ILIKE $${params.length}`;
  }
  return sql;
}

/** What is held: the total, how many match the filter, the newest that match, and the most common kinds (event and reason). */
export async function listQuarantine(opts: { workspaceId: string; sourceId: string; limit?: number; filter?: QuarantineFilter }): Promise<{ held: number; matching: number; items: Held[]; groups: QuarantineGroup[] }> {
  await owned(opts.workspaceId, opts.sourceId);
  const base = "FROM quarantined_messages WHERE workspace_id = $1 AND source_id = $2 AND status = 'held'";
  const params: unknown[] = [opts.workspaceId, opts.sourceId];
  const where = base + filterSql(opts.filter ?? {}, params);
  const [count, matching, items, groups] = await Promise.all([
    pool().query<{ n: string }>(`SELECT count(*) AS n ${base}`, [opts.workspaceId, opts.sourceId]),
    pool().query<{ n: string }>(`SELECT count(*) AS n ${where}`, params),
    pool().query<{ id: string; received_at: Date; reason: string; payload: unknown }>(`SELECT id::text, received_at, reason, payload ${where} ORDER BY id DESC LIMIT ${Number(opts.limit ?? 20)}`, params),
    pool().query<{ event: string | null; reason: string; n: string }>(`SELECT payload->>'event' AS event, reason, count(*)::text AS n ${base} GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 10`, [opts.workspaceId, opts.sourceId]),
  ]);
  return {
    held: Number(count.rows[0]!.n),
    matching: Number(matching.rows[0]!.n),
    items: items.rows.map((r) => ({ id: r.id, receivedAt: r.received_at.toISOString(), reason: r.reason, payload: r.payload })),
    groups: groups.rows.map((g) => ({ event: g.event, reason: g.reason, count: Number(g.n) })),
  };
}

/**
 * Sends held messages through ingestion again with the source's current transformations (after the
 * steps or the data were fixed). Message ids keep it from storing anything twice; a message that
 * still fails is held again with its new reason.
 */
export async function replayQuarantine(opts: { workspaceId: string; actor: Actor; sourceId: string; ids?: string[]; filter?: QuarantineFilter }): Promise<{ replayed: number; accepted: number; heldAgain: number; dropped: number }> {
  await owned(opts.workspaceId, opts.sourceId);
  const { acceptPayload } = await import("../../ingest/accept");
  let replayed = 0;
  let accepted = 0;
  let heldAgain = 0;
  let dropped = 0;
  // Only what is held now: a message held again during the replay waits for the next one.
  const upTo = (await pool().query<{ max: string | null }>("SELECT max(id)::text AS max FROM quarantined_messages WHERE workspace_id = $1 AND source_id = $2", [opts.workspaceId, opts.sourceId])).rows[0]?.max ?? "0";
  const params: unknown[] = [opts.workspaceId, opts.sourceId, upTo];
  let which = filterSql(opts.filter ?? {}, params);
  if (opts.ids) {
    params.push(opts.ids);
    which += ` AND id = ANY($${params.length}::bigint[])`;
  }
  for (;;) {
    const { rows } = await pool().query<{ id: string; payload: unknown }>(
      `UPDATE quarantined_messages SET status = 'replayed', resolved_at = now()
        WHERE id IN (SELECT id FROM quarantined_messages WHERE workspace_id = $1 AND source_id = $2 AND status = 'held' AND id <= $3 ${which} ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
        RETURNING id::text, payload`,
      params,
    );
    if (rows.length === 0) break;
    const out = await acceptPayload({ workspaceId: opts.workspaceId, sourceId: opts.sourceId, endpoint: "batch", body: { batch: rows.map((r) => r.payload) }, bytes: 0 });
    const b = out.body as { quarantined?: number; dropped?: number };
    replayed += rows.length;
    accepted += out.result?.accepted ?? 0;
    heldAgain += b.quarantined ?? 0;
    dropped += b.dropped ?? 0;
    if (opts.ids) break;
  }
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.quarantine_replayed", target: { type: "source", id: opts.sourceId }, summary: { replayed, accepted, heldAgain, ...(opts.filter?.event || opts.filter?.reason ? { filter: opts.filter } : {}), ...(opts.ids ? { ids: opts.ids.length } : {}) } });
  return { replayed, accepted, heldAgain, dropped };
}
