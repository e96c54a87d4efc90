import { pool } from "../db/pool";
import type { Queryable } from "../bus";
import { FULL_EVERY_HOURS, RECONCILE_MINUTES, type RunKind } from "./schema";

/** Woken by NOTIFY when a run is queued. */
export const ACTIVATION_CHANNEL = "ns_activation";
/** A running run whose worker has not reported for this long is taken over by another worker. */
export const STALE_SECONDS = 60;

/** `bypassBreaker`: a run a person released after the circuit breaker held the sync. */
export type ClaimedRun = { id: string; syncId: string; workspaceId: string; destinationId: string; kind: RunKind; requestedBy: string; bypassBreaker?: boolean };

/** Queues a run unless the same kind is already waiting for this sync. */
export async function requestRun(opts: { workspaceId: string; syncId: string; kind: RunKind; requestedBy: string; client?: Queryable }): Promise<string | null> {
  const c = opts.client ?? pool();
  const { rows } = await c.query<{ id: string }>(
    `INSERT INTO sync_runs (sync_id, workspace_id, kind, requested_by)
     SELECT s.id, s.workspace_id, $3, $4 FROM syncs s
      WHERE s.id = $1 AND s.workspace_id = $2
        AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.sync_id = s.id AND r.kind = $3 AND r.status = 'queued')
     RETURNING id::text`,
    [opts.syncId, opts.workspaceId, opts.kind, opts.requestedBy],
  );
  await c.query(`SELECT pg_notify('${ACTIVATION_CHANNEL}', $1)`, [opts.syncId]);
  return rows[0]?.id ?? null;
}

/**
 * Takes the next queued run of an active sync (real-time first), skipping syncs that already have
 * one running and destinations this worker is busy with. Several workers share runs (SKIP LOCKED).
 */
export async function claimRun(opts: { busyDestinations?: string[]; workspaceId?: string } = {}): Promise<ClaimedRun | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { rows } = await pool().query<{ id: string; sync_id: string; workspace_id: string; destination_id: string; kind: RunKind; requested_by: string; bypass_breaker: boolean }>(
        `UPDATE sync_runs SET status = 'running', started_at = clock_timestamp(), heartbeat_at = clock_timestamp()
          WHERE id = (
            SELECT r.id FROM sync_runs r JOIN syncs s ON s.id = r.sync_id AND s.workspace_id = r.workspace_id
             JOIN segments g ON g.id = s.segment_id
             WHERE r.status = 'queued' AND s.status = 'active'
               AND g.built_version IS NOT NULL -- a segment still being built has no members to send yet
               AND ($2::text IS NULL OR r.workspace_id = $2)
               AND NOT (s.destination_id = ANY($1::text[]))
               AND NOT EXISTS (SELECT 1 FROM sync_runs o WHERE o.sync_id = r.sync_id AND o.status = 'running')
             ORDER BY (r.kind = 'realtime') DESC, r.id
             LIMIT 1 FOR UPDATE OF r SKIP LOCKED)
          RETURNING id::text, sync_id, workspace_id, kind, requested_by, bypass_breaker, (SELECT destination_id FROM syncs WHERE id = sync_runs.sync_id)`,
        [opts.busyDestinations ?? [], opts.workspaceId ?? null],
      );
      const r = rows[0];
      return r ? { id: r.id, syncId: r.sync_id, workspaceId: r.workspace_id, destinationId: r.destination_id, kind: r.kind, requestedBy: r.requested_by, bypassBreaker: r.bypass_breaker } : null;
    } catch (e) {
      // Another worker started a run of the same sync at the same moment: try the next one.
      if ((e as { code?: string }).code !== "23505") throw e;
    }
  }
  return null;
}

/** Runs whose worker died go back to the queue, keeping their counts; the next worker resumes the diff. */
export async function requeueStale(): Promise<number> {
  const r = await pool().query(
    `UPDATE sync_runs SET status = 'queued', detail = coalesce(detail, '{}'::jsonb) || jsonb_build_object('takenOver', clock_timestamp())
      WHERE status = 'running' AND heartbeat_at < clock_timestamp() - make_interval(secs => $1)`,
    [STALE_SECONDS],
  );
  return r.rowCount ?? 0;
}

/** Queues scheduled runs (and real-time reconciliation) that are due: incremental, with a full diff once a day. */
export async function queueDueSyncs(now = new Date()): Promise<number> {
  const { rows } = await pool().query<{ id: string; workspace_id: string; full: boolean }>(
    `UPDATE syncs SET next_run_at = $1::timestamptz + make_interval(mins => coalesce(every_minutes, $2))
      WHERE status = 'active' AND next_run_at <= $1
      RETURNING id, workspace_id, (reconciled_at IS NULL OR reconciled_at < $1::timestamptz - make_interval(hours => $3)) AS full`,
    [now, RECONCILE_MINUTES, FULL_EVERY_HOURS],
  );
  for (const s of rows) await requestRun({ workspaceId: s.workspace_id, syncId: s.id, kind: s.full ? "full" : "incremental", requestedBy: "schedule" });
  return rows.length;
}
