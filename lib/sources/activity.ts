import { pool } from "../db/pool";

export type SourceStats = { sourceId: string; events24h: number; rejected24h: number; lastReceivedAt: string | null };
export type VolumePoint = { hour: string; events: number; rejected: number };
export type DebuggerItem =
  | { kind: "event"; receivedAt: string; messageId: string; type: string; event: string | null; userId: string | null; anonymousId: string | null; profileId: string | null; properties: unknown; traits: unknown }
  | { kind: "rejected"; receivedAt: string; messageId: string | null; field: string; error: string; payload: unknown };

/** Events and refusals in the last 24 hours, and the last arrival, for every source of the workspace. */
/** Per source: events in 24 h; problems (refused messages, held in quarantine, unmappable webhooks, failed database runs); last event. */
export async function sourceStats(opts: { workspaceId: string }): Promise<SourceStats[]> {
  const { rows } = await pool().query<{ id: string; events: string; rejected: string; last: Date | null; held: string }>(
    `SELECT s.id,
            (SELECT count(*) FROM quarantined_messages q WHERE q.workspace_id = s.workspace_id AND q.source_id = s.id AND q.status = 'held')
              + (SELECT count(*) FROM webhook_samples w WHERE w.source_id = s.id AND w.status IN ('refused', 'unmapped') AND w.received_at > now() - interval '24 hours')
              + (SELECT count(*) FROM database_source_runs d WHERE d.source_id = s.id AND d.status = 'failed' AND d.started_at > now() - interval '24 hours') AS held,
            (SELECT count(*) FROM events e WHERE e.source_id = s.id AND e.received_at > now() - interval '24 hours' AND e.ts > now() - interval '60 days') AS events,
            (SELECT count(*) FROM ingest_rejections r WHERE r.workspace_id = s.workspace_id AND r.source_id = s.id AND r.received_at > now() - interval '24 hours') AS rejected,
            (SELECT max(e.received_at) FROM events e WHERE e.source_id = s.id AND e.ts > now() - interval '60 days') AS last
       FROM sources s WHERE s.workspace_id = $1`,
    [opts.workspaceId],
  );
  return rows.map((r) => ({ sourceId: r.id, events24h: Number(r.events), rejected24h: Number(r.rejected) + Number(r.held), lastReceivedAt: r.last?.toISOString() ?? null }));
}

/** Hourly events and refusals of one source over the last 24 hours (every hour present, zeros included). */
export async function sourceVolume(opts: { workspaceId: string; sourceId: string }): Promise<VolumePoint[]> {
  const { rows } = await pool().query<{ hour: Date; events: string; rejected: string }>(
    `WITH hours AS (SELECT generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') AS hour)
     SELECT h.hour,
            (SELECT count(*) FROM events e JOIN sources s ON s.id = e.source_id AND s.workspace_id = $1
              WHERE e.source_id = $2 AND e.received_at >= h.hour AND e.received_at < h.hour + interval '1 hour' AND e.ts > now() - interval '60 days') AS events,
            (SELECT count(*) FROM ingest_rejections r WHERE r.workspace_id = $1 AND r.source_id = $2 AND r.received_at >= h.hour AND r.received_at < h.hour + interval '1 hour') AS rejected
       FROM hours h ORDER BY h.hour`,
    [opts.workspaceId, opts.sourceId],
  );
  return rows.map((r) => ({ hour: r.hour.toISOString(), events: Number(r.events), rejected: Number(r.rejected) }));
}

/** The newest arrivals of a source, accepted and refused, newest first. */
export async function debuggerFeed(opts: { workspaceId: string; sourceId: string; limit?: number }): Promise<DebuggerItem[]> {
  const limit = Math.min(opts.limit ?? 50, 200);
  const [events, rejected] = await Promise.all([
    pool().query(
      `SELECT received_at, message_id, type, event, user_id, anonymous_id, profile_id, properties, traits FROM events
        WHERE workspace_id = $1 AND source_id = $2 AND ts > now() - interval '60 days' ORDER BY received_at DESC LIMIT $3`,
      [opts.workspaceId, opts.sourceId, limit],
    ),
    pool().query(
      "SELECT received_at, message_id, field, error, payload FROM ingest_rejections WHERE workspace_id = $1 AND source_id = $2 ORDER BY received_at DESC LIMIT $3",
      [opts.workspaceId, opts.sourceId, limit],
    ),
  ]);
  const items: DebuggerItem[] = [
    ...events.rows.map((r) => ({
      kind: "event" as const,
      receivedAt: (r.received_at as Date).toISOString(),
      messageId: r.message_id as string,
      type: r.type as string,
      event: r.event as string | null,
      userId: r.user_id as string | null,
      anonymousId: r.anonymous_id as string | null,
      profileId: r.profile_id === null ? null : String(r.profile_id),
      properties: r.properties,
      traits: r.traits,
    })),
    ...rejected.rows.map((r) => ({ kind: "rejected" as const, receivedAt: (r.received_at as Date).toISOString(), messageId: r.message_id as string | null, field: r.field as string, error: r.error as string, payload: r.payload })),
  ];
  return items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, limit);
}
