import { pool, withTransaction } from "../db/pool";
import { evaluatePass, lockWorkspace, type Cause } from "./engine";
import { isTouchedBy, loadLiveSegments } from "./live";

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
export async function processQueue(opts: { now?: () => Date; limit?: number; workspaceId?: string } = {}): Promise<{ rows: number; changes: number }> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<QueueRow>(
      `DELETE FROM segment_queue WHERE id IN (
         SELECT id FROM segment_queue WHERE ($2::text IS NULL OR workspace_id = $2) ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, workspace_id, profile_id, events, traits, consent, everything, merged, message_id`,
      [opts.limit ?? 2000, opts.workspaceId ?? null],
    );
    if (rows.length === 0) return { rows: 0, changes: 0 };
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    let changes = 0;
    for (const [workspaceId, wsRows] of byWorkspace(rows)) {
      await lockWorkspace(client, workspaceId);
      const segments = await loadLiveSegments(client, workspaceId);
      if (segments.length === 0) continue;
      const now = opts.now?.() ?? new Date();
      const work = new Map<string, Set<number>>();
      const causes = new Map<number, Cause>();
      for (const r of wsRows) {
        const id = Number(r.profile_id);
        const touch = { events: r.events, traits: r.traits, consent: r.consent, everything: r.everything };
        for (const seg of segments) if (isTouchedBy(seg.deps, touch)) work.set(seg.id, (work.get(seg.id) ?? new Set()).add(id));
        const message = r.message_id ? ` (message ${r.message_id})` : "";
        // The latest event of the profile in this batch is its cause; a merge says so over any event.
        if (r.merged) causes.set(id, { cause: "merge", detail: `profiles merged or unmerged${message}` });
        else if (causes.get(id)?.cause !== "merge") causes.set(id, { cause: "event", detail: `${r.events.join(", ") || (r.traits ? "identify" : "event")}${message}` });
      }
      changes += await evaluatePass(client, segments, work, now, (id) => causes.get(id) ?? { cause: "event" });
    }
    return { rows: rows.length, changes };
  });
}

/**
 * Time: takes the (segment, profile) pairs whose answer may have changed by now with the clock
 * alone, and re-evaluates exactly those. Nothing due, nothing done.
 */
export async function processDue(opts: { now?: () => Date; limit?: number; workspaceId?: string } = {}): Promise<{ rows: number; changes: number }> {
  const now = opts.now?.() ?? new Date();
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ workspace_id: string; segment_id: string; profile_id: string; due_at: Date }>(
      `DELETE FROM segment_due WHERE (segment_id, profile_id) IN (
         SELECT segment_id, profile_id FROM segment_due WHERE due_at <= $1 AND ($3::text IS NULL OR workspace_id = $3) ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING workspace_id, segment_id, profile_id, due_at`,
      [now, opts.limit ?? 5000, opts.workspaceId ?? null],
    );
    if (rows.length === 0) return { rows: 0, changes: 0 };
    let changes = 0;
    for (const [workspaceId, wsRows] of byWorkspace(rows)) {
      await lockWorkspace(client, workspaceId);
      const segments = await loadLiveSegments(client, workspaceId);
      const work = new Map<string, Set<number>>();
      const dueAt = new Map<string, Date>();
      for (const r of wsRows) {
        work.set(r.segment_id, (work.get(r.segment_id) ?? new Set()).add(Number(r.profile_id)));
        dueAt.set(`${r.segment_id}:${r.profile_id}`, r.due_at);
      }
      const cause = (id: number, segmentId: string): Cause => ({ cause: "time", detail: `a time window passed (due ${dueAt.get(`${segmentId}:${id}`)?.toISOString() ?? "now"})` });
      changes += await evaluatePass(client, segments, work, now, cause);
    }
    return { rows: rows.length, changes };
  });
}

/** When the next time-based re-check is due (for the worker's sleep), or null when none is. */
export async function nextDueAt(): Promise<Date | null> {
  const { rows } = await pool().query<{ due_at: Date | null }>("SELECT min(due_at) AS due_at FROM segment_due");
  return rows[0]?.due_at ?? null;
}
