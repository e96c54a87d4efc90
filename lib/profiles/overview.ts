import { pool } from "../db/pool";

export type Overview = { profiles: number; knownProfiles: number; events7d: number; sources: number };
export type DailyPoint = { day: string; events: number };

/** Headline numbers of a workspace for its home page. */
export async function workspaceOverview(opts: { workspaceId: string }): Promise<Overview> {
  const { rows } = await pool().query<{ profiles: string; known: string; events: string; sources: string }>(
    `SELECT (SELECT count(*) FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL) AS profiles,
            (SELECT count(DISTINCT profile_id) FROM identities WHERE workspace_id = $1 AND kind = 'user_id') AS known,
            (SELECT count(*) FROM events WHERE workspace_id = $1 AND ts >= now() - interval '7 days') AS events,
            (SELECT count(*) FROM sources WHERE workspace_id = $1 AND disabled_at IS NULL) AS sources`,
    [opts.workspaceId],
  );
  const r = rows[0]!;
  return { profiles: Number(r.profiles), knownProfiles: Number(r.known), events7d: Number(r.events), sources: Number(r.sources) };
}

/** Events per day over the last `days` days in the workspace's time zone, every day present. */
export async function dailyEvents(opts: { workspaceId: string; days?: number }): Promise<DailyPoint[]> {
  const days = Math.min(Math.max(opts.days ?? 14, 1), 90);
  const { rows } = await pool().query<{ day: string; events: string }>(
    `WITH tz AS (SELECT timezone FROM workspaces WHERE id = $1),
          bounds AS (SELECT (date_trunc('day', now() AT TIME ZONE tz.timezone) - make_interval(days => $2 - 1)) AS start_local, tz.timezone FROM tz),
          counts AS (
            SELECT date_trunc('day', e.ts AT TIME ZONE b.timezone) AS day, count(*) AS events
              FROM events e, bounds b
             WHERE e.workspace_id = $1 AND e.ts >= (b.start_local AT TIME ZONE b.timezone)
             GROUP BY 1)
     SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(c.events, 0) AS events
       FROM bounds b, generate_series(b.start_local, b.start_local + make_interval(days => $2 - 1), interval '1 day') AS d
       LEFT JOIN counts c ON c.day = d
      ORDER BY d`,
    [opts.workspaceId, days],
  );
  return rows.map((r) => ({ day: r.day, events: Number(r.events) }));
}
