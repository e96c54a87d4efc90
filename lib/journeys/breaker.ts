import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import type { Queryable } from "../bus";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";
import { openAnomalyReason } from "../quality/holds";
import { endStates } from "./inputs";

/**
 * The circuit breaker of a journey: when more people enter in an hour than the marketer expects (a
 * broken segment suddenly matching everyone) or a data anomaly is open, the journey is held. People
 * keep entering, but nobody moves on and nothing is sent until a person releases the journey (they
 * all go on) or discards the held entries (those who entered while held leave, the rest go on).
 */
export const journeyBreakerSchema = z.object({
  enabled: z.boolean(),
  onAnomaly: z.boolean().default(true),
  maxEntriesPerHour: z.number({ message: "Say how many people may enter in an hour, or leave it empty." }).int("Use a whole number").min(1, "Allow at least 1 entry an hour").max(10_000_000).nullable().default(null),
});
export type JourneyBreaker = z.infer<typeof journeyBreakerSchema>;
export type JourneyHold = { breaker: JourneyBreaker | null; heldReason: string | null; heldAt: string | null };

export async function setJourneyBreaker(opts: { workspaceId: string; actor: Actor; journeyId: string; input: unknown }): Promise<JourneyBreaker> {
  const parsed = journeyBreakerSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  const { rowCount } = await pool().query("UPDATE journeys SET breaker = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.journeyId, opts.workspaceId, JSON.stringify(parsed.data)]);
  if (!rowCount) throw new AppError("not_found", "That journey does not exist in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.breaker_set", target: { type: "journey", id: opts.journeyId }, summary: parsed.data });
  return parsed.data;
}

const entriesReason = (n: number, max: number) => `${n.toLocaleString("en")} people entered in the last hour, more than the ${max.toLocaleString("en")} allowed.`;

/**
 * Holds a journey whose entries in the last hour (since it was last released) exceed its limit. Run
 * in the transaction that entered people, so the engine never advances the entry that crossed it.
 */
export async function holdOnEntries(db: Queryable, journeyId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ n: string; max: number }>(
    `SELECT (SELECT count(*) FROM journey_states s WHERE s.journey_id = j.id AND s.entered_at > greatest($2::timestamptz - interval '1 hour', coalesce(j.breaker_released_at, '-infinity'))) AS n,
            (j.breaker->>'maxEntriesPerHour')::int AS max
       FROM journeys j WHERE j.id = $1 AND j.held_at IS NULL AND (j.breaker->>'enabled')::boolean AND j.breaker->>'maxEntriesPerHour' IS NOT NULL`,
    [journeyId, now],
  );
  const r = rows[0];
  if (!r || Number(r.n) <= r.max) return false;
  const reason = entriesReason(Number(r.n), r.max);
  // The audit entry commits with the hold (the audit module writes through its own client).
  await db.query(
    `WITH held AS (UPDATE journeys SET held_at = $2, held_reason = $3 WHERE id = $1 AND held_at IS NULL RETURNING workspace_id, name)
     INSERT INTO audit_logs (workspace_id, actor_type, actor_label, action, target_type, target_id, summary)
     SELECT workspace_id, 'system', 'circuit breaker', 'journey.breaker_held', 'journey', $1, jsonb_build_object('name', name, 'reason', $3::text) FROM held`,
    [journeyId, now, reason],
  );
  return true;
}

/** Holds every live journey whose breaker watches anomalies while one is open (opened after its last release). */
export async function checkJourneyBreakers(opts: { workspaceId?: string; now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const { rows } = await pool().query<{ id: string; workspace_id: string; name: string; released: Date | null }>(
    `SELECT id, workspace_id, name, breaker_released_at AS released FROM journeys
      WHERE status = 'published' AND held_at IS NULL AND (breaker->>'enabled')::boolean AND coalesce((breaker->>'onAnomaly')::boolean, true) AND ($1::text IS NULL OR workspace_id = $1)`,
    [opts.workspaceId ?? null],
  );
  let held = 0;
  for (const j of rows) {
    const reason = await openAnomalyReason(j.workspace_id, { since: j.released });
    if (!reason) continue;
    const r = await pool().query("UPDATE journeys SET held_at = $2, held_reason = $3 WHERE id = $1 AND held_at IS NULL", [j.id, now, reason]);
    if (!r.rowCount) continue;
    held++;
    await recordAudit({ workspaceId: j.workspace_id, actor: { type: "system", label: "circuit breaker" }, action: "journey.breaker_held", target: { type: "journey", id: j.id }, summary: { name: j.name, reason } });
  }
  return held;
}

async function heldJourney(c: Queryable, workspaceId: string, journeyId: string): Promise<{ held_at: Date; held_reason: string | null }> {
  const { rows } = await c.query<{ held_at: Date | null; held_reason: string | null }>("SELECT held_at, held_reason FROM journeys WHERE id = $1 AND workspace_id = $2 FOR UPDATE", [journeyId, workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That journey does not exist in this workspace.");
  if (!rows[0].held_at) throw new AppError("conflict", "This journey is not held.");
  return { held_at: rows[0].held_at, held_reason: rows[0].held_reason };
}

/** Everyone held goes on; what was open when released no longer holds the journey. */
export async function releaseJourney(opts: { workspaceId: string; actor: Actor; journeyId: string }): Promise<void> {
  const reason = await withTransaction(async (c) => {
    const h = await heldJourney(c, opts.workspaceId, opts.journeyId);
    await c.query("UPDATE journeys SET held_at = NULL, held_reason = NULL, breaker_released_at = now() WHERE id = $1", [opts.journeyId]);
    return h.held_reason;
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.breaker_released", target: { type: "journey", id: opts.journeyId }, summary: { reason } });
}

/** Those who entered while the journey was held leave it (nothing was sent to them); the others go on. */
export async function discardHeldEntries(opts: { workspaceId: string; actor: Actor; journeyId: string; now?: Date }): Promise<{ discarded: number }> {
  const out = await withTransaction(async (c) => {
    const h = await heldJourney(c, opts.workspaceId, opts.journeyId);
    // Held entries have not taken a step yet (the engine does not advance a held journey); those that
    // crossed the limit came in the hour before the hold and wait at the trigger too.
    const since = new Date(h.held_at.getTime() - 3_600_000);
    const discarded = await endStates(
      c,
      "journey_id = $1 AND entered_at >= $2 AND NOT EXISTS (SELECT 1 FROM journey_steps st WHERE st.state_id = journey_states.id)",
      [opts.journeyId, since],
      "exited",
      "Discarded: entered while the circuit breaker held the journey",
      opts.now ?? new Date(),
    );
    await c.query("UPDATE journeys SET held_at = NULL, held_reason = NULL, breaker_released_at = now() WHERE id = $1", [opts.journeyId]);
    return { discarded, reason: h.held_reason };
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.breaker_discarded", target: { type: "journey", id: opts.journeyId }, summary: out });
  return { discarded: out.discarded };
}
