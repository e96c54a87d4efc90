import { pool } from "../db/pool";

/** The earliest moment a state of a running journey is due, for the worker's sleep. */
export async function nextDueAt(): Promise<Date | null> {
  const { rows } = await pool().query<{ due: Date | null }>(
    "SELECT min(s.due_at) AS due FROM journey_states s WHERE s.status = 'active' AND EXISTS (SELECT 1 FROM journeys j WHERE j.id = s.journey_id AND j.status = 'published' AND j.held_at IS NULL)",
  );
  return rows[0]?.due ?? null;
}
