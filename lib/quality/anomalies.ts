import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { judgeHour, type Verdict } from "./anomaly";
import { checkFields } from "./fields";
import { closeAnomalies, openAnomaly } from "./open";
import { checkSegmentSizes } from "./segment-sizes";
import { checkSourceVolumes, judgeSeries, sourceSeries } from "./source-volume";

const HOUR = 3_600_000;

/** kind volume (direction spike / drop), schema (new property / new type) or nulls; subject an event, or event.property. */
export type Anomaly = { id: string; kind: "volume" | "source" | "schema" | "nulls" | "values" | "segment"; subject: string; label: string; direction: "spike" | "drop" | "new property" | "new type" | "nulls" | "new values"; status: "open" | "resolved" | "dismissed"; firstHour: string; lastHour: string; observed: number; expected: number; score: number; openedAt: string; closedAt: string | null; closedBy: string | null; alerted: { webhook?: string; email?: string } | null };
export type AnomalyRow = { id: string; kind: Anomaly["kind"]; subject: string; label: string | null; direction: Anomaly["direction"]; status: Anomaly["status"]; first_hour: Date; last_hour: Date; observed: number; expected: number; score: number; opened_at: Date; closed_at: Date | null; closed_by: string | null; alerted: Anomaly["alerted"] };
export const anomalyView = (r: AnomalyRow): Anomaly => ({
  id: r.id, kind: r.kind, subject: r.subject, label: r.kind === "source" ? `Source ${r.label ?? r.subject}` : r.subject, direction: r.direction, status: r.status, firstHour: r.first_hour.toISOString(), lastHour: r.last_hour.toISOString(),
  observed: r.observed, expected: r.expected, score: r.score, openedAt: r.opened_at.toISOString(), closedAt: r.closed_at?.toISOString() ?? null, closedBy: r.closed_by, alerted: r.alerted,
});

/** The columns of an anomaly row, with the source name as its label (for `anomalyView`). */
export const ANOMALY_COLUMNS = `a.id::text, a.kind, a.subject, (SELECT s.name FROM sources s WHERE a.kind = 'source' AND s.id = a.subject) AS label, a.direction, a.status,
  a.first_hour, a.last_hour, a.observed, a.expected, a.score, a.opened_at, a.closed_at, a.closed_by, a.alerted`;

/** Hourly counts per event over five weeks up to `hour`, from the rollups and the deltas not folded in yet. */
async function eventSeries(workspaceId: string, hour: Date): Promise<Map<string, Map<number, number>>> {
  const { rows } = await pool().query<{ event: string; hour: Date; n: string }>(
    `SELECT event, hour, sum(n)::text AS n FROM (
        SELECT event, hour, n FROM event_rollups WHERE workspace_id = $1 AND hour > $2::timestamptz - interval '35 days' AND hour <= $2
        UNION ALL SELECT event, hour, n FROM event_rollup_deltas WHERE workspace_id = $1 AND hour > $2::timestamptz - interval '35 days' AND hour <= $2) x
      GROUP BY 1, 2`,
    [workspaceId, hour],
  );
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const m = out.get(r.event) ?? new Map<number, number>();
    m.set(r.hour.getTime(), Number(r.n));
    out.set(r.event, m);
  }
  return out;
}

/**
 * Judges the workspace's last complete hour for every event with enough volume: opens an anomaly
 * (or extends the open one) when the hour is far from the event's baseline, resolves the open one
 * when the volume is back. Returns the verdicts that were anomalous.
 */
export async function checkWorkspace(workspaceId: string, now = new Date()): Promise<Verdict[]> {
  const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR - HOUR);
  const appUrl = process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  const found: Verdict[] = [];
  for (const [event, v] of judgeSeries(await eventSeries(workspaceId, hour), hour)) {
    if (v.anomalous) {
      found.push(v);
      await openAnomaly(workspaceId, { kind: "volume", subject: event, direction: v.direction, hour, observed: v.observed, expected: v.expected, score: v.score }, appUrl);
    } else await closeAnomalies(workspaceId, "volume", hour, { subject: event });
  }
  // Each source's own volume (a broken tag on one site).
  found.push(...(await checkSourceVolumes(workspaceId, hour, appUrl)));
  // Then what the hour's properties looked like (new properties and types, sudden nulls, new values) and segment sizes.
  await checkFields(workspaceId, hour, appUrl);
  await checkSegmentSizes(workspaceId, hour, appUrl);
  await pool().query(
    "INSERT INTO anomaly_checks (workspace_id, last_hour) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET last_hour = excluded.last_hour, checked_at = now()",
    [workspaceId, hour],
  );
  return found;
}

/** Workspaces whose last complete hour has not been judged yet. */
export async function workspacesToCheck(now = new Date()): Promise<string[]> {
  const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR - HOUR);
  const { rows } = await pool().query<{ id: string }>(
    "SELECT w.id FROM workspaces w LEFT JOIN anomaly_checks c ON c.workspace_id = w.id WHERE c.last_hour IS NULL OR c.last_hour < $1 ORDER BY w.id",
    [hour],
  );
  return rows.map((r) => r.id);
}

export async function listAnomalies(opts: { workspaceId: string; status?: "open" | "all"; limit?: number }): Promise<Anomaly[]> {
  const { rows } = await pool().query<AnomalyRow>(
    `SELECT ${ANOMALY_COLUMNS} FROM anomalies a
      WHERE a.workspace_id = $1 ${opts.status === "open" ? "AND a.status = 'open'" : ""} ORDER BY a.opened_at DESC LIMIT $2`,
    [opts.workspaceId, opts.limit ?? 50],
  );
  return rows.map(anomalyView);
}

/** The event's hourly volume around an anomaly (a week before to now) and what was expected: the chart beside the alert. */
export async function anomalySeries(opts: { workspaceId: string; anomalyId: string }): Promise<{ anomaly: Anomaly; points: { hour: string; observed: number; expected: number | null }[] }> {
  const { rows } = await pool().query<AnomalyRow>(`SELECT ${ANOMALY_COLUMNS} FROM anomalies a WHERE a.workspace_id = $1 AND a.id = $2`, [opts.workspaceId, opts.anomalyId]);
  if (!rows[0]) throw new AppError("not_found", "That anomaly does not exist in this workspace.");
  const a = anomalyView(rows[0]);
  // Up to a day after it, never past the last complete hour (later hours have not happened yet).
  const lastComplete = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const end = new Date(Math.max(new Date(a.lastHour).getTime(), Math.min(new Date(a.lastHour).getTime() + 24 * HOUR, lastComplete)));
  const all = a.kind === "source" ? await sourceSeries(opts.workspaceId, end, a.subject) : await eventSeries(opts.workspaceId, end);
  const series = all.get(a.subject) ?? new Map<number, number>();
  const start = Math.min(...series.keys());
  const points = [];
  for (let h = new Date(a.firstHour).getTime() - 7 * 24 * HOUR; h <= end.getTime(); h += HOUR) {
    const v = Number.isFinite(start) ? judgeHour(series, start, h) : null;
    points.push({ hour: new Date(h).toISOString(), observed: series.get(h) ?? 0, expected: v ? Math.round(v.expected) : null });
  }
  return { anomaly: a, points };
}

/** A person closes an anomaly (a known cause, a planned campaign). */
export async function dismissAnomaly(opts: { workspaceId: string; actor: Actor; anomalyId: string }): Promise<void> {
  const { rowCount } = await pool().query("UPDATE anomalies SET status = 'dismissed', closed_at = now(), closed_by = $3 WHERE workspace_id = $1 AND id = $2 AND status = 'open'", [opts.workspaceId, opts.anomalyId, opts.actor.label]);
  if (!rowCount) throw new AppError("not_found", "No open anomaly with that id in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "anomaly.dismissed", target: { type: "anomaly", id: opts.anomalyId } });
}
