import { pool } from "../db/pool";

export type SourceHealth = { id: string; name: string; kind: string; plan: { version: number; events: number; onUnplanned: string; onInvalid: string } | null; events24h: number; violations24h: number; held: number; rejected24h: number };

/** Per source: its plan, what arrived in 24 hours, what broke the plan, what is held and what was refused. */
export async function qualityOverview(workspaceId: string): Promise<SourceHealth[]> {
  const { rows } = await pool().query<{ id: string; name: string; kind: string; version: number | null; planned: number | null; on_unplanned: string | null; on_invalid: string | null; events: string; violations: string; held: string; rejected: string }>(
    `SELECT s.id, s.name, s.kind, p.version, jsonb_array_length(p.plan -> 'events') AS planned, p.on_unplanned, p.on_invalid,
            (SELECT count(*) FROM events e WHERE e.workspace_id = s.workspace_id AND e.source_id = s.id AND e.received_at > now() - interval '24 hours' AND e.ts > now() - interval '30 days')::text AS events,
            (SELECT coalesce(sum(v.count), 0) FROM plan_violations v WHERE v.source_id = s.id AND v.last_at > now() - interval '24 hours')::text AS violations,
            (SELECT count(*) FROM quarantined_messages q WHERE q.source_id = s.id AND q.status = 'held')::text AS held,
            (SELECT count(*) FROM ingest_rejections r WHERE r.source_id = s.id AND r.received_at > now() - interval '24 hours')::text AS rejected
       FROM sources s LEFT JOIN tracking_plans p ON p.source_id = s.id
      WHERE s.workspace_id = $1 AND s.disabled_at IS NULL ORDER BY lower(s.name)`,
    [workspaceId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    plan: r.version === null ? null : { version: r.version, events: r.planned ?? 0, onUnplanned: r.on_unplanned!, onInvalid: r.on_invalid! },
    events24h: Number(r.events),
    violations24h: Number(r.violations),
    held: Number(r.held),
    rejected24h: Number(r.rejected),
  }));
}

export type EventHealth = { event: string; last24h: number; weekBefore: number; violations7d: number; openAnomalies: number };

/**
 * Per event (the 25 busiest of the last week): events in the last 24 hours against the same 24 hours
 * a week before (from the rollups), plan violations in 7 days, and the anomalies open on it.
 */
export async function eventHealth(workspaceId: string): Promise<EventHealth[]> {
  const { rows } = await pool().query<{ event: string; last: string; before: string; violations: string; anomalies: string }>(
    `WITH r AS (
       SELECT event, hour, n FROM event_rollups WHERE workspace_id = $1 AND hour > now() - interval '8 days'
       UNION ALL SELECT event, hour, n FROM event_rollup_deltas WHERE workspace_id = $1 AND hour > now() - interval '8 days'),
     e AS (
       SELECT event, sum(n) FILTER (WHERE hour > now() - interval '24 hours') AS last,
              sum(n) FILTER (WHERE hour > now() - interval '8 days' AND hour <= now() - interval '7 days') AS before, sum(n) AS week
         FROM r GROUP BY event ORDER BY sum(n) DESC LIMIT 25)
     SELECT e.event, coalesce(e.last, 0)::text AS last, coalesce(e.before, 0)::text AS before,
            (SELECT coalesce(sum(v.count), 0) FROM plan_violations v WHERE v.workspace_id = $1 AND v.event = e.event AND v.day > current_date - 7)::text AS violations,
            (SELECT count(*) FROM anomalies a WHERE a.workspace_id = $1 AND a.status = 'open' AND (a.subject = e.event OR a.subject LIKE e.event || '.%'))::text AS anomalies
       FROM e ORDER BY e.week DESC`,
    [workspaceId],
  );
  return rows.map((r) => ({ event: r.event, last24h: Number(r.last), weekBefore: Number(r.before), violations7d: Number(r.violations), openAnomalies: Number(r.anomalies) }));
}
