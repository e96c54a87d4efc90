import { pool } from "../db/pool";
import { closeAnomalies, openAnomaly } from "./open";

/** A segment of at least this many members whose size moves more than this share in an hour is reported. */
const MIN_MEMBERS = 100;
const MAX_CHANGE = 0.3;

export type SizeJump = { segmentId: string; name: string; before: number; now: number; change: number };

/**
 * Records every live segment's size for the hour and reports those that moved more than 30% since
 * the previous record (from 100 members): the broken tag that empties an audience shows here first.
 * Anomalies close when the next hour's size is steady.
 */
export async function checkSegmentSizes(workspaceId: string, hour: Date, appUrl: string): Promise<SizeJump[]> {
  const { rows } = await pool().query<{ id: string; name: string; members: number; before: number | null }>(
    `SELECT s.id, s.name, s.member_count AS members,
            (SELECT h.members FROM segment_size_history h WHERE h.segment_id = s.id AND h.hour < $2 ORDER BY h.hour DESC LIMIT 1) AS before
       FROM segments s WHERE s.workspace_id = $1 AND s.status = 'live'`,
    [workspaceId, hour],
  );
  await pool().query(
    "INSERT INTO segment_size_history (segment_id, hour, members) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[]) ON CONFLICT (segment_id, hour) DO UPDATE SET members = excluded.members",
    [rows.map((r) => r.id), rows.map(() => hour), rows.map((r) => r.members)],
  );
  const jumps: SizeJump[] = [];
  for (const r of rows) {
    if (r.before === null) continue;
    const change = r.before > 0 ? (r.members - r.before) / r.before : 0;
    const subject = r.name;
    if (r.before >= MIN_MEMBERS && Math.abs(change) > MAX_CHANGE) {
      jumps.push({ segmentId: r.id, name: r.name, before: r.before, now: r.members, change });
      const title = `Segment “${r.name}” went from ${r.before.toLocaleString("en")} to ${r.members.toLocaleString("en")} members (${change < 0 ? "−" : "+"}${Math.round(Math.abs(change) * 100)}%)`;
      await openAnomaly(workspaceId, { kind: "segment", subject, direction: change < 0 ? "drop" : "spike", hour, observed: r.members, expected: r.before, score: change, title }, appUrl);
    } else await closeAnomalies(workspaceId, "segment", hour, { subject, why: "steady again" });
  }
  return jumps;
}
