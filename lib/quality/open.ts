import { pool } from "../db/pool";
import { sendAnomalyAlert } from "./alerts";

export type Finding = { kind: string; subject: string; direction: string; hour: Date; observed: number; expected: number; score?: number; title?: string };

/**
 * Opens an anomaly, or extends the one open on the same subject to this hour. A newly opened one is
 * announced once, by webhook and email when the workspace set them up. Returns its id.
 */
export async function openAnomaly(workspaceId: string, f: Finding, appUrl: string): Promise<string> {
  const { rows } = await pool().query<{ id: string; inserted: boolean }>(
    `INSERT INTO anomalies (workspace_id, kind, subject, direction, first_hour, last_hour, observed, expected, score) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)
     ON CONFLICT (workspace_id, kind, subject) WHERE status = 'open'
     DO UPDATE SET last_hour = greatest(anomalies.last_hour, excluded.last_hour), observed = excluded.observed, expected = excluded.expected, score = excluded.score, direction = excluded.direction
     RETURNING id::text, (xmax = 0) AS inserted`,
    [workspaceId, f.kind, f.subject, f.direction, f.hour, f.observed, f.expected, f.score ?? 0],
  );
  const row = rows[0]!;
  if (row.inserted) await sendAnomalyAlert(workspaceId, { id: row.id, kind: f.kind, subject: f.subject, title: f.title, direction: f.direction, hour: f.hour, observed: f.observed, expected: f.expected }, appUrl);
  return row.id;
}

/** Closes the open anomalies of a kind (one subject, or all but `keep`) last seen before `hour`. */
export async function closeAnomalies(workspaceId: string, kind: string, hour: Date, opts: { subject?: string; keep?: string[]; why?: string }): Promise<void> {
  await pool().query(
    `UPDATE anomalies SET status = 'resolved', closed_at = now(), closed_by = $4 WHERE workspace_id = $1 AND kind = $2 AND status = 'open' AND last_hour < $3
        AND ($5::text IS NULL OR subject = $5) AND NOT (subject = ANY($6::text[]))`,
    [workspaceId, kind, hour, opts.why ?? "back to normal", opts.subject ?? null, opts.keep ?? []],
  );
}
