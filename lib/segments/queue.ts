import type { Queryable } from "../bus";

/** Notified (at commit) when there is segment work: touched profiles, or a segment to build. */
export const SEGMENTS_CHANNEL = "ns_segments";

/** What new data touched on one profile: the segment engine re-evaluates only what it can change. */
export type Touch = {
  profileId: number;
  events?: string[];
  traits?: boolean;
  consent?: boolean;
  /** Re-check every segment: a new profile, or one that was merged or unmerged. */
  everything?: boolean;
  merged?: boolean;
  messageId?: string | null;
};

/**
 * Queues profiles for live re-evaluation, in the writer's transaction: the data and the queue entry
 * commit together, so no acknowledged event is ever left out of its segments.
 */
export async function enqueueTouched(client: Queryable, workspaceId: string, touches: Touch[]): Promise<void> {
  if (touches.length === 0) return;
  const rows = touches.map((t) => ({ p: t.profileId, e: t.events ?? [], t: !!t.traits, c: !!t.consent, a: !!t.everything || !!t.merged, g: !!t.merged, m: t.messageId ?? null }));
  await client.query(
    `INSERT INTO segment_queue (workspace_id, profile_id, events, traits, consent, everything, merged, message_id)
     SELECT $1, p, e, t, c, a, g, m FROM jsonb_to_recordset($2::jsonb) AS x(p bigint, e text[], t boolean, c boolean, a boolean, g boolean, m text)`,
    [workspaceId, JSON.stringify(rows)],
  );
  await client.query(`NOTIFY ${SEGMENTS_CHANNEL}`);
}

/**
 * Vacuums the queue. Every row is deleted moments after it is written, and the lanes take the
 * oldest first: the dead rows gather at the head of the id index, which every take walks until
 * autovacuum (at best once a minute) clears them — at 2,000 events/s, most of a take's time. The
 * segments worker calls this every few seconds while it works. Skipped (a warning, not an error)
 * when the database role does not own the table.
 */
export async function tidyQueue(db: Queryable): Promise<void> {
  await db.query("VACUUM (SKIP_LOCKED) segment_queue");
}
