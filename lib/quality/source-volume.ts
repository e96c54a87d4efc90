import { hourSql } from "../analytics/rollups";
import { pool } from "../db/pool";
import { judgeHour, type Verdict } from "./anomaly";
import { closeAnomalies, openAnomaly } from "./open";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back the baseline reaches (five weeks: four same hours of the week before the one judged). */
const HISTORY_DAYS = 35;
/** Hours recounted at each check, for events that arrive late (an app offline for a while). */
const RECOUNT_HOURS = 6;
/** Sources with fewer events than this a day on average are not watched: their hours are mostly noise. */
const MIN_DAILY = 24;

/**
 * Brings the workspace's events-per-source-per-hour counts up to `hour`: the first time over the
 * whole baseline window, then the last few hours again (late events land in the hour they happened).
 */
export async function countSourceHours(workspaceId: string, hour: Date): Promise<void> {
  const { rows } = await pool().query<{ last: Date | null }>("SELECT max(hour) AS last FROM source_hour_counts WHERE workspace_id = $1", [workspaceId]);
  const floor = hour.getTime() - HISTORY_DAYS * DAY;
  const from = new Date(rows[0]?.last ? Math.max(floor, Math.min(rows[0].last.getTime(), hour.getTime()) - RECOUNT_HOURS * HOUR) : floor);
  const end = new Date(hour.getTime() + HOUR);
  await pool().query(
    `INSERT INTO source_hour_counts (workspace_id, source_id, hour, n)
     SELECT $1, e.source_id, ${hourSql("e.ts")}, count(*)
       FROM events e JOIN sources s ON s.id = e.source_id AND s.workspace_id = $1
      WHERE e.workspace_id = $1 AND e.ts >= $2 AND e.ts < $3 AND e.source_id IS NOT NULL GROUP BY 2, 3
     ON CONFLICT (workspace_id, source_id, hour) DO UPDATE SET n = excluded.n`,
    [workspaceId, from, end],
  );
  await pool().query("DELETE FROM source_hour_counts WHERE workspace_id = $1 AND hour < $2", [workspaceId, new Date(floor - DAY)]);
}

/** Hourly counts per source id up to `hour` (five weeks). */
export async function sourceSeries(workspaceId: string, hour: Date, sourceId?: string): Promise<Map<string, Map<number, number>>> {
  const { rows } = await pool().query<{ source_id: string; hour: Date; n: string }>(
    "SELECT source_id, hour, n::text FROM source_hour_counts WHERE workspace_id = $1 AND hour > $2::timestamptz - interval '35 days' AND hour <= $2 AND ($3::text IS NULL OR source_id = $3)",
    [workspaceId, hour, sourceId ?? null],
  );
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const m = out.get(r.source_id) ?? new Map<number, number>();
    m.set(r.hour.getTime(), Number(r.n));
    out.set(r.source_id, m);
  }
  return out;
}

/** The hour of each series judged, for series with enough volume (the event names and the sources share this). */
export function judgeSeries(series: Map<string, Map<number, number>>, hour: Date): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const [key, counts] of series) {
    let total = 0;
    let start = Infinity;
    for (const [h, n] of counts) {
      total += n;
      start = Math.min(start, h);
    }
    const days = Math.max(1, (hour.getTime() - start) / DAY);
    if (total / days < MIN_DAILY) continue;
    const v = judgeHour(counts, start, hour.getTime());
    if (v) out.set(key, v);
  }
  return out;
}

/**
 * Judges each source's volume in the hour against its own seasonal baseline: a website whose tag
 * broke, a webhook sender that stopped. Opens a `source` anomaly (subject: the source id), closes it
 * when the volume is back.
 */
export async function checkSourceVolumes(workspaceId: string, hour: Date, appUrl: string): Promise<Verdict[]> {
  await countSourceHours(workspaceId, hour);
  const verdicts = judgeSeries(await sourceSeries(workspaceId, hour), hour);
  if (verdicts.size === 0) return [];
  const { rows } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM sources WHERE workspace_id = $1 AND id = ANY($2::text[])", [workspaceId, [...verdicts.keys()]]);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const found: Verdict[] = [];
  for (const [sourceId, v] of verdicts) {
    if (v.anomalous) {
      found.push(v);
      const title = `Source “${names.get(sourceId) ?? sourceId}” volume ${v.direction}: ${v.observed.toLocaleString("en")} events, ${Math.round(v.expected).toLocaleString("en")} expected`;
      await openAnomaly(workspaceId, { kind: "source", subject: sourceId, direction: v.direction, hour, observed: v.observed, expected: v.expected, score: v.score, title }, appUrl);
    } else await closeAnomalies(workspaceId, "source", hour, { subject: sourceId });
  }
  return found;
}
