import { pool, withTransaction } from "../db/pool";
import { batchSizeOf, DestinationError, RateLimiter, type Provider, type RecordResult, type SyncRecord } from "./destinations";
import { decide, diffChunk, eligible, type DiffRow, type DiffTarget } from "./diff";
import type { ClaimedRun } from "./queue";
import type { Mapping, SyncMode } from "./schema";
import { destinationContext } from "./store";
import { breakerReason, holdSync, type Breaker } from "./breaker";

const CHUNK = 5000;
const MAX_IDS = 50_000;

type Counts = { processed: number; added: number; updated: number; removed: number; failed: number; skippedConsent: number; skippedIdentifier: number };

/** Per destination in this process: one rate limiter and a cap on requests in flight, shared by its runs. */
const gates = new Map<string, { limiter: RateLimiter; rate: number; slots: number; inFlight: number; waiting: (() => void)[] }>();
function gateOf(destinationId: string, rate: number, slots: number) {
  let g = gates.get(destinationId);
  if (!g || g.rate !== rate || g.slots !== slots) {
    g = { limiter: new RateLimiter(rate), rate, slots, inFlight: g?.inFlight ?? 0, waiting: g?.waiting ?? [] };
    gates.set(destinationId, g);
  }
  return g;
}
async function throttled<T>(gate: ReturnType<typeof gateOf>, fn: () => Promise<T>): Promise<T> {
  while (gate.inFlight >= gate.slots) await new Promise<void>((r) => gate.waiting.push(r));
  gate.inFlight++;
  try {
    await gate.limiter.take();
    return await fn();
  } finally {
    gate.inFlight--;
    gate.waiting.shift()?.();
  }
}

function tally(counts: Counts, applied: Pick<Counts, "added" | "updated" | "removed" | "failed">): void {
  counts.added += applied.added;
  counts.updated += applied.updated;
  counts.removed += applied.removed;
  counts.failed += applied.failed;
}

/** A failure that stops the whole run (credentials refused, destination down after every retry). */
const stopsRun = (e: unknown) => e instanceof DestinationError && (e.retryable || e.status === 401 || e.status === 403 || e.status === 404);

type SyncRow = { id: string; workspace_id: string; segment_id: string; segment_name: string; mode: SyncMode; mapping: Mapping; status: string; destination_id: string; breaker: Breaker | null };

async function loadSync(run: ClaimedRun): Promise<SyncRow | null> {
  const { rows } = await pool().query<SyncRow>(
    `SELECT s.id, s.workspace_id, s.segment_id, g.name AS segment_name, s.mode, s.mapping, s.status, s.destination_id, s.breaker
       FROM syncs s JOIN segments g ON g.id = s.segment_id WHERE s.id = $1 AND s.workspace_id = $2`,
    [run.syncId, run.workspaceId],
  );
  return rows[0] ?? null;
}

function toRecord(r: DiffRow, op: SyncRecord["op"], syncId: string): SyncRecord {
  const fields = op === "remove" ? (r.oldPayload ?? {}) : (r.payload ?? {});
  return { op, profileId: r.profileId, key: `${syncId}:${r.profileId}:${op === "remove" ? `remove:${r.oldHash}` : r.hash}`, fields };
}

/** Writes what the destination accepted and parks what it refused, in one transaction per batch. */
async function applyResults(syncId: string, runId: string, sent: { record: SyncRecord; row: DiffRow }[], results: RecordResult[]): Promise<Pick<Counts, "added" | "updated" | "removed" | "failed">> {
  const byId = new Map(results.map((r) => [r.profileId, r]));
  const upserts = sent.filter((s) => s.record.op !== "remove" && byId.get(s.record.profileId)?.ok);
  const removes = sent.filter((s) => s.record.op === "remove" && byId.get(s.record.profileId)?.ok);
  const failed = sent.filter((s) => !byId.get(s.record.profileId)?.ok);
  await withTransaction(async (c) => {
    if (upserts.length) {
      await c.query(
        `INSERT INTO sync_state (sync_id, profile_id, hash, payload, synced_at)
         SELECT $1, * , now() FROM unnest($2::bigint[], $3::text[], $4::jsonb[])
         ON CONFLICT (sync_id, profile_id) DO UPDATE SET hash = excluded.hash, payload = excluded.payload, synced_at = excluded.synced_at`,
        [syncId, upserts.map((s) => s.row.profileId), upserts.map((s) => s.row.hash), upserts.map((s) => JSON.stringify(s.row.payload))],
      );
    }
    if (removes.length) await c.query("DELETE FROM sync_state WHERE sync_id = $1 AND profile_id = ANY($2::bigint[])", [syncId, removes.map((s) => s.row.profileId)]);
    const okIds = [...upserts, ...removes].map((s) => s.row.profileId);
    if (okIds.length) await c.query("DELETE FROM sync_failures WHERE sync_id = $1 AND profile_id = ANY($2::bigint[])", [syncId, okIds]);
    if (failed.length) {
      await c.query(
        `INSERT INTO sync_failures (sync_id, profile_id, op, reason, run_id)
         SELECT $1, * , $5::bigint FROM unnest($2::bigint[], $3::text[], $4::text[])
         ON CONFLICT (sync_id, profile_id) DO UPDATE SET op = excluded.op, reason = excluded.reason, run_id = excluded.run_id,
           attempts = sync_failures.attempts + 1, failed_at = now()`,
        [syncId, failed.map((s) => s.row.profileId), failed.map((s) => s.record.op), failed.map((s) => { const r = byId.get(s.record.profileId); return r && !r.ok ? r.reason : "No answer for this record"; }), runId],
      );
    }
  });
  return {
    added: upserts.filter((s) => s.record.op === "add").length,
    updated: upserts.filter((s) => s.record.op === "update").length,
    removed: removes.length,
    failed: failed.length,
  };
}

async function heartbeat(runId: string, counts: Counts, total: number | null): Promise<boolean> {
  const { rows } = await pool().query<{ active: boolean }>(
    `UPDATE sync_runs r SET heartbeat_at = clock_timestamp(), processed = $2, added = $3, updated = $4, removed = $5, failed = $6,
            skipped_consent = $7, skipped_identifier = $8, total = coalesce($9, r.total)
       FROM syncs s WHERE r.id = $1 AND s.id = r.sync_id RETURNING s.status = 'active' AS active`,
    [runId, counts.processed, counts.added, counts.updated, counts.removed, counts.failed, counts.skippedConsent, counts.skippedIdentifier, total],
  );
  return rows[0]?.active ?? false;
}

async function finish(runId: string, status: string, error: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await pool().query(
    `UPDATE sync_runs SET status = $2, error = $3, finished_at = clock_timestamp(), detail = coalesce(detail, '{}'::jsonb) || $4::jsonb WHERE id = $1`,
    [runId, status, error, JSON.stringify(detail)],
  );
}

/** When the last full or incremental run that went through started: changes since then are what an incremental run sends. */
async function lastCompleteRunStart(syncId: string): Promise<Date | null> {
  const { rows } = await pool().query<{ started_at: Date }>(
    "SELECT started_at FROM sync_runs WHERE sync_id = $1 AND kind IN ('full', 'incremental') AND status IN ('succeeded', 'partial') ORDER BY id DESC LIMIT 1",
    [syncId],
  );
  return rows[0]?.started_at ?? null;
}

/**
 * Profile ids a non-full run works on, and how to clear them once handled. Real time: the profiles
 * marked dirty by membership changes. Incremental: those, and every profile of the workspace
 * written since the last complete run (traits, consent, merges). Retry: the parked records.
 */
async function idCandidates(run: ClaimedRun, workspaceId: string, since: Date | null): Promise<{ ids: string[]; clear: () => Promise<void> }> {
  if (run.kind === "retry") {
    const { rows } = await pool().query<{ id: string }>("SELECT profile_id::text AS id FROM sync_failures WHERE sync_id = $1 ORDER BY profile_id", [run.syncId]);
    return { ids: rows.map((r) => r.id), clear: async () => undefined };
  }
  const { rows } = await pool().query<{ id: string; marked_at: Date }>(
    `SELECT profile_id::text AS id, marked_at FROM sync_dirty WHERE sync_id = $1 ORDER BY marked_at ${run.kind === "realtime" ? `LIMIT ${MAX_IDS}` : ""}`,
    [run.syncId],
  );
  const upTo = rows.reduce((m, r) => (r.marked_at > m ? r.marked_at : m), new Date(0));
  const dirty = rows.map((r) => r.id);
  const ids = new Set(dirty);
  if (run.kind === "incremental" && since) {
    const changed = await pool().query<{ id: string }>("SELECT id::text FROM profiles WHERE workspace_id = $1 AND updated_at >= $2", [workspaceId, since]);
    for (const r of changed.rows) ids.add(r.id);
  }
  return {
    ids: [...ids],
    // Only marks not renewed while this run worked: a change that arrived meanwhile is sent by the next run.
    clear: async () => void (await pool().query("DELETE FROM sync_dirty WHERE sync_id = $1 AND profile_id = ANY($2::bigint[]) AND marked_at <= $3", [run.syncId, dirty, upTo])),
  };
}

/**
 * Runs one sync run: diffs the audience against what the destination accepted, sends adds,
 * updates and removes in batches (rate limited, concurrent up to the destination's limit), records
 * each accepted record and parks refused ones. A worker that dies mid-run loses nothing: accepted
 * records are already in sync_state, so the run that takes over sends only what is still missing.
 */
export async function executeRun(run: ClaimedRun, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const sync = await loadSync(run);
  if (!sync) return finish(run.id, "failed", "The sync was deleted.");
  const counts: Counts = { processed: 0, added: 0, updated: 0, removed: 0, failed: 0, skippedConsent: 0, skippedIdentifier: 0 };
  const started = Date.now();
  let snapshot: Awaited<ReturnType<NonNullable<Provider["snapshot"]>>> | null = null;
  try {
    const d = await destinationContext({ workspaceId: sync.workspace_id, destinationId: sync.destination_id, segment: { id: sync.segment_id, name: sync.segment_name }, syncId: sync.id, fields: sync.mapping.map((m) => m.to), signal: opts.signal });
    const target: DiffTarget = { syncId: sync.id, workspaceId: sync.workspace_id, segmentId: sync.segment_id, mode: sync.mode, mapping: sync.mapping, purpose: d.purpose, requiresAny: d.provider.requiresAny };
    const gate = gateOf(d.ctx.destinationId, d.ratePerSecond, d.concurrency);
    const batchSize = batchSizeOf(d.provider, d.ctx.config);
    if (d.provider.snapshot && run.kind === "retry") return finish(run.id, "succeeded", null, { note: "File destinations write the whole audience on each run; nothing to retry." });
    // The circuit breaker looks before anything is sent; a released run goes through.
    if (!run.bypassBreaker && run.kind !== "retry") {
      const reason = await breakerReason(sync);
      if (reason) {
        await holdSync(sync.id, reason);
        return finish(run.id, "held", reason, { breaker: true });
      }
    }

    const { rows: clock } = await pool().query<{ now: Date }>("SELECT clock_timestamp() AS now");
    const since = run.kind === "incremental" ? await lastCompleteRunStart(sync.id) : null;
    // Files hold everyone; an incremental run without an earlier complete run has nothing to start from.
    const kind = (d.provider.snapshot && run.kind !== "retry") || (run.kind === "incremental" && !since) ? "full" : run.kind;
    if (kind !== run.kind) await pool().query("UPDATE sync_runs SET kind = $2 WHERE id = $1", [run.id, kind]);
    snapshot = d.provider.snapshot && kind === "full" ? await d.provider.snapshot(d.ctx) : null;

    let total: number | null = null;
    let ids: Awaited<ReturnType<typeof idCandidates>> | null = null;
    if (kind === "full") {
      const { rows } = await pool().query<{ n: string }>(
        `SELECT (SELECT count(*) FROM segment_members WHERE segment_id = $1) + (SELECT count(*) FROM sync_state s WHERE s.sync_id = $2
           AND NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = $1 AND m.profile_id = s.profile_id)) AS n`,
        [sync.segment_id, sync.id],
      );
      total = Number(rows[0]!.n);
    } else {
      ids = await idCandidates({ ...run, kind }, sync.workspace_id, since);
      total = ids.ids.length;
    }
    await heartbeat(run.id, counts, total);

    // The next chunk's diff is computed while this chunk's batches are being sent (keysets never overlap).
    const fetchChunk = (after: string | null, offset: number) =>
      diffChunk(pool(), target, ids ? { kind: "ids", ids: ids.ids.slice(offset, offset + CHUNK) } : { kind: "all", after, limit: CHUNK }, snapshot !== null);
    let offset = 0;
    let pending: Promise<Awaited<ReturnType<typeof diffChunk>>> | null = fetchChunk(null, 0);
    while (pending) {
      const chunk = await pending;
      pending = null;
      if (ids) {
        offset += CHUNK;
        if (offset < ids.ids.length) pending = fetchChunk(null, offset);
      } else if (chunk.seen === CHUNK && chunk.last !== null) pending = fetchChunk(chunk.last, 0);
      pending?.catch(() => undefined); // awaited on the next turn; a failure there fails the run
      counts.processed += chunk.seen;
      counts.skippedConsent += chunk.skippedConsent;
      counts.skippedIdentifier += chunk.skippedIdentifier;
      const todo: { record: SyncRecord; row: DiffRow }[] = [];
      for (const row of chunk.rows) {
        const op = decide(row, sync.mode);
        if (op) todo.push({ record: toRecord(row, op, sync.id), row });
      }
      if (snapshot) {
        await snapshot.write(chunk.rows.filter(eligible).map((row) => toRecord(row, "add", sync.id)));
        // The file holds everyone: every operation counts as accepted.
        tally(counts, await applyResults(sync.id, run.id, todo, todo.map((t) => ({ profileId: t.record.profileId, ok: true }))));
      } else {
        const batches: (typeof todo)[] = [];
        for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
        await Promise.all(
          batches.map((batch) =>
            throttled(gate, async () => {
              let results: RecordResult[];
              try {
                results = await d.provider.send!(d.ctx, batch.map((b) => b.record));
              } catch (e) {
                if (stopsRun(e)) throw e;
                results = batch.map((b) => ({ profileId: b.record.profileId, ok: false, reason: (e as Error).message }));
              }
              tally(counts, await applyResults(sync.id, run.id, batch, results));
            }),
          ),
        );
      }
      const active = await heartbeat(run.id, counts, total);
      if (!active) {
        await snapshot?.abort();
        return finish(run.id, "cancelled", null, { note: "The sync was paused; the next run picks up where this one stopped." });
      }
    }
    const file = snapshot ? await snapshot.finish() : null;
    await ids?.clear();
    // A full run covered every change marked before it started.
    if (kind === "full") await pool().query("DELETE FROM sync_dirty WHERE sync_id = $1 AND marked_at <= $2", [sync.id, clock[0]!.now]);
    // Parked records this run no longer needed to send (or sent) are resolved.
    await pool().query(
      "DELETE FROM sync_failures WHERE sync_id = $1 AND run_id IS DISTINCT FROM $2 AND ($3::bigint[] IS NULL OR profile_id = ANY($3::bigint[]))",
      [sync.id, run.id, kind === "full" ? null : ids!.ids],
    );
    if (kind === "full") await pool().query("UPDATE syncs SET reconciled_at = now() WHERE id = $1", [sync.id]);
    await heartbeat(run.id, counts, total);
    await finish(run.id, counts.failed > 0 ? "partial" : "succeeded", null, { durationMs: Date.now() - started, ...(file ? { file } : {}) });
  } catch (e) {
    await snapshot?.abort().catch(() => undefined);
    await heartbeat(run.id, counts, null).catch(() => undefined);
    await finish(run.id, "failed", (e as Error).message, { durationMs: Date.now() - started });
  }
}
