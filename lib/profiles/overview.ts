import { hourSql, rollupsReady } from "../analytics/rollups";
import { wholeHourOffset, workspaceTimezone } from "../analytics/trends";
import { pool } from "../db/pool";

export type Overview = { profiles: number; knownProfiles: number; events7d: number; sources: number };
export type DailyPoint = { day: string; events: number };

/** The hour seven days before the current one began (UTC hours: the rollups' own). */
const WEEK_START = `(${hourSql("now()")} - interval '7 days')`;

/**
 * Events (tracked events and page views: every call with a name) since `start`: from the hourly
 * rollups once they are built, else from the events themselves. `$1` is the workspace.
 */
function namedEventsSince(start: string, rollups: boolean, bucket: (ts: string) => string): string {
  if (!rollups) return `SELECT ${bucket("e.ts")} AS b, count(*) AS n FROM events e WHERE e.workspace_id = $1 AND e.event IS NOT NULL AND e.ts >= ${start} GROUP BY 1`;
  const part = (table: string) => `SELECT hour, n FROM ${table} WHERE workspace_id = $1 AND hour >= ${start}`;
  return `SELECT ${bucket("x.hour")} AS b, sum(x.n) AS n FROM (${part("event_rollups")} UNION ALL ${part("event_rollup_deltas")}) x GROUP BY 1`;
}

/** Headline numbers of a workspace for its home page. */
export async function workspaceOverview(opts: { workspaceId: string }): Promise<Overview> {
  const rollups = await rollupsReady(opts.workspaceId);
  const { rows } = await pool().query<{ profiles: string; known: string; events: string | null; sources: string }>(
    `SELECT (SELECT count(*) FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL) AS profiles,
            (SELECT count(DISTINCT profile_id) FROM identities WHERE workspace_id = $1 AND kind = 'user_id') AS known,
            (SELECT sum(n) FROM (${namedEventsSince(WEEK_START, rollups, () => "1")}) w) AS events,
            (SELECT count(*) FROM sources WHERE workspace_id = $1 AND disabled_at IS NULL) AS sources`,
    [opts.workspaceId],
  );
  const r = rows[0]!;
  return { profiles: Number(r.profiles), knownProfiles: Number(r.known), events7d: Number(r.events ?? 0), sources: Number(r.sources) };
}

/** Events per day over the last `days` days in the workspace's time zone, every day present. */
export async function dailyEvents(opts: { workspaceId: string; days?: number }): Promise<DailyPoint[]> {
  const days = Math.min(Math.max(opts.days ?? 14, 1), 90);
  const timezone = await workspaceTimezone(opts.workspaceId);
  // Hourly rollups add up to local days only where hours start on whole hours of UTC.
  const rollups = wholeHourOffset(timezone) && (await rollupsReady(opts.workspaceId));
  const start = "(SELECT start_local AT TIME ZONE timezone FROM bounds)";
  const { rows } = await pool().query<{ day: string; events: string }>(
    `WITH bounds AS (SELECT (date_trunc('day', now() AT TIME ZONE $3) - make_interval(days => $2 - 1)) AS start_local, $3::text AS timezone),
          counts AS (${namedEventsSince(start, rollups, (ts) => `date_trunc('day', ${ts} AT TIME ZONE $3)`)})
     SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(c.n, 0) AS events
       FROM bounds b, generate_series(b.start_local, b.start_local + make_interval(days => $2 - 1), interval '1 day') AS d
       LEFT JOIN counts c ON c.b = d
      ORDER BY d`,
    [opts.workspaceId, days, timezone],
  );
  return rows.map((r) => ({ day: r.day, events: Number(r.events) }));
}
