import { pool } from "../db/pool";
import { ANOMALY_COLUMNS, anomalyView, type AnomalyRow } from "./anomalies";

/** Anomalies that can mean broken data downstream (schema drift alone does not hold anything). */
const HOLDING_KINDS = ["volume", "source", "nulls", "values", "segment"];

/**
 * Why a circuit breaker should hold, from the data anomalies open in the workspace: the first one
 * opened (after `since`, when a person released the breaker and so accepted what was open then),
 * described for the person who will decide. Null when none is open.
 */
export async function openAnomalyReason(workspaceId: string, opts: { since?: Date | null } = {}): Promise<string | null> {
  const { rows } = await pool().query<AnomalyRow>(
    `SELECT ${ANOMALY_COLUMNS} FROM anomalies a
      WHERE a.workspace_id = $1 AND a.status = 'open' AND a.kind = ANY($2::text[]) AND ($3::timestamptz IS NULL OR a.opened_at > $3)
      ORDER BY a.opened_at LIMIT 1`,
    [workspaceId, HOLDING_KINDS, opts.since ?? null],
  );
  if (!rows[0]) return null;
  const a = anomalyView(rows[0]);
  const what =
    a.kind === "source" ? `${a.label[0]!.toLowerCase()}${a.label.slice(1)} volume ${a.direction}`
    : a.kind === "nulls" ? `${a.subject} mostly missing or null`
    : a.kind === "values" ? `${a.subject} taking values never seen before`
    : a.kind === "segment" ? `${a.subject} segment size ${a.direction}`
    : `${a.subject} volume ${a.direction}`;
  return `An anomaly is open: ${what} since ${a.firstHour.slice(0, 16).replace("T", " ")} UTC.`;
}
