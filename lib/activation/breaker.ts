import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { openAnomalyReason } from "../quality/holds";
import { requestRun } from "./queue";

/**
 * The circuit breaker of a sync: before a run sends anything, it holds the run (and the sync) when
 * the segment's size moved more than `maxChangePercent` from what the destination holds, or when a
 * data anomaly is open in the workspace (a broken tag that would empty an ad audience). A person
 * then releases the held changes (one run goes through unchecked) or discards them (the sync pauses).
 * Audiences under `minAudience` are not judged by size: small numbers swing.
 */
export const breakerSchema = z.object({
  enabled: z.boolean(),
  maxChangePercent: z.number({ message: "Say by how many percent the audience may change in one run." }).min(1, "At least 1%").max(100, "At most 100%").default(20),
  onAnomaly: z.boolean().default(true),
  minAudience: z.number().int().min(0).default(100),
});
export type Breaker = z.infer<typeof breakerSchema>;

export async function setBreaker(opts: { workspaceId: string; actor: Actor; syncId: string; input: unknown }): Promise<Breaker> {
  const parsed = breakerSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  const { rowCount } = await pool().query("UPDATE syncs SET breaker = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.syncId, opts.workspaceId, JSON.stringify(parsed.data)]);
  if (!rowCount) throw new AppError("not_found", "That sync does not exist in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "sync.breaker_set", target: { type: "sync", id: opts.syncId }, summary: parsed.data });
  return parsed.data;
}

/** Why this run must be held, or null to go ahead. */
export async function breakerReason(sync: { id: string; workspace_id: string; segment_id: string; breaker: Breaker | null }): Promise<string | null> {
  const b = sync.breaker;
  if (!b?.enabled) return null;
  if (b.onAnomaly) {
    const reason = await openAnomalyReason(sync.workspace_id);
    if (reason) return reason;
  }
  const { rows } = await pool().query<{ members: number; held: string }>(
    "SELECT (SELECT member_count FROM segments WHERE id = $1) AS members, (SELECT count(*) FROM sync_state WHERE sync_id = $2)::text AS held",
    [sync.segment_id, sync.id],
  );
  const members = Number(rows[0]?.members ?? 0);
  const inDestination = Number(rows[0]?.held ?? 0);
  if (inDestination >= b.minAudience) {
    const change = (Math.abs(members - inDestination) / inDestination) * 100;
    if (change > b.maxChangePercent) return `The audience would go from ${inDestination.toLocaleString("en")} to ${members.toLocaleString("en")} (${members < inDestination ? "−" : "+"}${Math.round(change)}%), more than the ${b.maxChangePercent}% allowed in one run.`;
  }
  return null;
}

/** Holds the sync: no run is claimed until a person decides. */
export async function holdSync(syncId: string, reason: string): Promise<void> {
  await pool().query("UPDATE syncs SET status = 'held', held_reason = $2, updated_at = now() WHERE id = $1", [syncId, reason]);
}

/** Releases what the breaker held: one full run goes through without the check; the sync is active again. */
export async function releaseHeld(opts: { workspaceId: string; actor: Actor; syncId: string }): Promise<void> {
  const { rows } = await pool().query<{ held_reason: string | null }>("UPDATE syncs SET status = 'active', held_reason = NULL, updated_at = now() WHERE id = $1 AND workspace_id = $2 AND status = 'held' RETURNING (SELECT held_reason FROM syncs WHERE id = $1)", [opts.syncId, opts.workspaceId]);
  if (!rows[0]) throw new AppError("conflict", "This sync is not held.");
  await requestRun({ workspaceId: opts.workspaceId, syncId: opts.syncId, kind: "full", requestedBy: opts.actor.label });
  // The run just asked for, or one queued while the sync was held: released runs go through unchecked.
  await pool().query("UPDATE sync_runs SET bypass_breaker = true WHERE sync_id = $1 AND status = 'queued'", [opts.syncId]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "sync.breaker_released", target: { type: "sync", id: opts.syncId }, summary: { reason: rows[0].held_reason } });
}

/** Discards what the breaker held: nothing is sent, the sync pauses until someone resumes it. */
export async function discardHeld(opts: { workspaceId: string; actor: Actor; syncId: string }): Promise<void> {
  const { rows } = await pool().query<{ held_reason: string | null }>("UPDATE syncs SET status = 'paused', held_reason = NULL, updated_at = now() WHERE id = $1 AND workspace_id = $2 AND status = 'held' RETURNING (SELECT held_reason FROM syncs WHERE id = $1)", [opts.syncId, opts.workspaceId]);
  if (!rows[0]) throw new AppError("conflict", "This sync is not held.");
  await pool().query("UPDATE sync_runs SET status = 'discarded' WHERE sync_id = $1 AND status = 'queued'", [opts.syncId]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "sync.breaker_discarded", target: { type: "sync", id: opts.syncId }, summary: { reason: rows[0].held_reason } });
}
