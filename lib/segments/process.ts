import { pool, withTransaction } from "../db/pool";
import { evaluatePass, lockLane, membershipsOf, type Cause, type Lane, type Memberships } from "./engine";
import { directionOf, isTouchedBy, loadLiveSegments, type Direction, type LiveSegment } from "./live";
import { claimDueTimers, setTimers } from "./timers";

type QueueRow = { id: string; workspace_id: string; profile_id: string; events: string[]; traits: boolean; consent: boolean; everything: boolean; merged: boolean; message_id: string | null };

function byWorkspace<T extends { workspace_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(r.workspace_id, [...(out.get(r.workspace_id) ?? []), r]);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1))); // one lock order for every worker
}

/**
 * Live evaluation: takes profiles that new data touched off the queue and re-evaluates them in the
 * segments that data can change. The queue rows go in the same transaction as the membership
 * changes they cause. Returns how many queue rows were handled.
 */
export async function processQueue(opts: { now?: () => Date; limit?: number; workspaceId?: string; lane?: Lane } = {}): Promise<{ rows: number; changes: number }> {
  return retryingConflicts((upsert) => withTransaction(async (client) => {
    const { rows } = await client.query<QueueRow>(
      `DELETE FROM segment_queue WHERE id IN (
         SELECT id FROM segment_queue WHERE ($2::text IS NULL OR workspace_id = $2) AND profile_id % $3 = $4 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, workspace_id, profile_id, events, traits, consent, everything, merged, message_id`,
      [opts.limit ?? 2000, opts.workspaceId ?? null, opts.lane?.count ?? 1, opts.lane?.index ?? 0],
    );
    if (rows.length === 0) return { rows: 0, changes: 0 };
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    let changes = 0;
    for (const [workspaceId, wsRows] of byWorkspace(rows)) {
      await lockLane(client, workspaceId, opts.lane);
      const segments = await loadLiveSegments(client, workspaceId);
      if (segments.length === 0) continue;
      const now = opts.now?.() ?? new Date();
      const work = new Map<string, Set<number>>();
      const causes = new Map<number, Cause>();
      // Per profile: the event names of this batch, and whether anything but events came (those touches are always evaluated).
      const onlyEvents = new Map<number, Set<string> | null>();
      for (const r of wsRows) {
        const id = Number(r.profile_id);
        const touch = { events: r.events, traits: r.traits, consent: r.consent, everything: r.everything };
        for (const seg of segments) if (isTouchedBy(seg.deps, touch)) work.set(seg.id, (work.get(seg.id) ?? new Set()).add(id));
        const prev = onlyEvents.get(id);
        onlyEvents.set(id, r.traits || r.consent || r.everything || r.merged || prev === null ? null : new Set([...(prev ?? []), ...r.events]));
        const message = r.message_id ? ` (message ${r.message_id})` : "";
        // The latest event of the profile in this batch is its cause; a merge says so over any event.
        if (r.merged) causes.set(id, { cause: "merge", detail: `profiles merged or unmerged${message}` });
        else if (causes.get(id)?.cause !== "merge") causes.set(id, { cause: "event", detail: `${r.events.join(", ") || (r.traits ? "identify" : "event")}${message}` });
      }
      const members = await membershipsOf(client, [...onlyEvents.keys()]);
      skipSettled(segments, work, onlyEvents, members);
      changes += await evaluatePass(client, segments, work, now, (id) => causes.get(id) ?? { cause: "event" }, { members, upsert });
    }
    return { rows: rows.length, changes };
  }));
}

/**
 * Drops the (segment, profile) pairs that new events cannot change: a member of a segment that
 * events only move towards true, a non-member of one they only move towards false. Their timers
 * stay valid too (see `directionOf`). Most events of an active customer change nothing, and this
 * is where the engine stops paying for them.
 */
function skipSettled(segments: LiveSegment[], work: Map<string, Set<number>>, onlyEvents: Map<number, Set<string> | null>, members: Memberships): void {
  const byId = new Map(segments.map((s) => [s.id, s]));
  // Profiles with the same event names share a key (most batches hold a handful of name sets).
  const keys = new Map<number, string>();
  for (const [id, events] of onlyEvents) if (events) keys.set(id, [...events].sort().join(","));
  const memo = new Map<string, Direction>();
  for (const [segmentId, ids] of work) {
    const current = members.get(segmentId);
    const definition = byId.get(segmentId)!.definition;
    for (const id of ids) {
      const key = keys.get(id);
      if (key === undefined) continue;
      const memoKey = `${segmentId}|${key}`;
      let d = memo.get(memoKey);
      if (!d) memo.set(memoKey, (d = directionOf(definition, [...onlyEvents.get(id)!])));
      if ((d === "up" || d === "down") && (current?.has(id) ?? false) === (d === "up")) ids.delete(id);
    }
  }
}

/**
 * Time: takes the (segment, profile) pairs whose answer may have changed by now with the clock
 * alone, and re-evaluates exactly those. Nothing due, nothing done.
 */
export async function processDue(opts: { now?: () => Date; limit?: number; workspaceId?: string; lane?: Lane } = {}): Promise<{ rows: number; changes: number }> {
  const now = opts.now?.() ?? new Date();
  return retryingConflicts((upsert) => withTransaction(async (client) => {
    const fired = await claimDueTimers(client, now, opts.limit ?? 5000, opts.workspaceId ?? null, opts.lane ?? { index: 0, count: 1 });
    if (fired.length === 0) return { rows: 0, changes: 0 };
    let changes = 0;
    for (const [workspaceId, wsRows] of byWorkspace(fired.map((f) => ({ ...f, workspace_id: f.workspaceId })))) {
      await lockLane(client, workspaceId, opts.lane);
      // The fired entries go first; evaluating a segment sets its next moment again (a segment
      // deleted or no longer timed meanwhile just loses its entry).
      await setTimers(client, workspaceId, { params: [wsRows.map((r) => r.segmentId), wsRows.map((r) => r.profileId)], cleared: "SELECT unnest($1::text[]) AS s, unnest($2::bigint[]) AS p" });
      const segments = await loadLiveSegments(client, workspaceId);
      const work = new Map<string, Set<number>>();
      const dueAt = new Map<string, Date>();
      for (const r of wsRows) {
        work.set(r.segmentId, (work.get(r.segmentId) ?? new Set()).add(r.profileId));
        dueAt.set(`${r.segmentId}:${r.profileId}`, r.dueAt);
      }
      const cause = (id: number, segmentId: string): Cause => ({ cause: "time", detail: `a time window passed (due ${dueAt.get(`${segmentId}:${id}`)?.toISOString() ?? "now"})` });
      changes += await evaluatePass(client, segments, work, now, cause, { upsert });
    }
    return { rows: fired.length, changes };
  }));
}

/**
 * Runs a pass with plain member inserts, and once more with upserts if one hit a member row the
 * pass did not know of (it rolled back whole: nothing is lost, nothing done twice). Not expected
 * while every writer holds the lane's lock; a pass must never get stuck on it if it happens.
 */
export async function retryingConflicts<T>(pass: (upsert: boolean) => Promise<T>): Promise<T> {
  try {
    return await pass(false);
  } catch (e) {
    if ((e as { code?: string; constraint?: string }).constraint !== "segment_members_pkey") throw e;
    console.warn(`[segments] a live pass found a segment member it did not know of (${(e as Error).message}); running it again with upserts`);
    return pass(true);
  }
}

/** When the next time-based re-check of a lane (or of all) is due, for the worker's sleep; null when none is. */
export async function nextDueAt(lane: Lane = { index: 0, count: 1 }): Promise<Date | null> {
  const { rows } = await pool().query<{ due_at: Date }>(
    "SELECT due_at FROM segment_timers WHERE due_at IS NOT NULL AND profile_id % $1 = $2 ORDER BY due_at LIMIT 1",
    [lane.count, lane.index],
  );
  return rows[0]?.due_at ?? null;
}
