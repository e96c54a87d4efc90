import { pool, withTransaction } from "../../db/pool";

/** How far back a conversion event's time may lie behind its arrival (late events from apps). */
const LATE_DAYS = 2;

/**
 * Reads each workspace's new conversion events (those some active offer counts) since its cursor
 * and credits each to the latest unconverted decision that showed such an offer to that profile
 * within the offer's window before the event: the decision is marked converted and the offer's
 * counter in that placement goes up, so the bandit learns. Returns the conversions credited.
 */
export async function attributeConversions(now = new Date()): Promise<number> {
  const { rows: work } = await pool().query<{ workspace_id: string; events: string[] }>(
    "SELECT workspace_id, array_agg(DISTINCT definition -> 'conversion' ->> 'event') AS events FROM offers WHERE status = 'active' GROUP BY workspace_id",
  );
  let credited = 0;
  for (const w of work) {
    credited += await withTransaction(async (c) => {
      const { rows: cur } = await c.query<{ received_at: Date }>("SELECT received_at FROM conversion_cursors WHERE workspace_id = $1 FOR UPDATE", [w.workspace_id]);
      const from = cur[0]?.received_at ?? new Date(now.getTime() - 60_000);
      const { rows: events } = await c.query<{ profile_id: string; event: string; message_id: string; ts: Date }>(
        `SELECT e.profile_id::text, e.event, e.message_id, e.ts FROM events e
          WHERE e.workspace_id = $1 AND e.event = ANY($2::text[]) AND e.received_at > $3 AND e.received_at <= $4 AND e.ts > $3::timestamptz - make_interval(days => $5) AND e.profile_id IS NOT NULL
          ORDER BY e.ts`,
        [w.workspace_id, w.events, from, now, LATE_DAYS],
      );
      let n = 0;
      for (const e of events) {
        const { rows } = await c.query<{ offer_id: string; placement: string }>(
          `UPDATE decisions SET converted_at = $4, conversion_message_id = $5
            WHERE id = (SELECT d.id FROM decisions d JOIN offers o ON o.id = d.offer_id
                         WHERE d.workspace_id = $1 AND d.profile_id = $2 AND d.converted_at IS NULL AND o.definition -> 'conversion' ->> 'event' = $3
                           AND d.decided_at <= $4 AND d.decided_at > $4::timestamptz - make_interval(days => (o.definition -> 'conversion' ->> 'windowDays')::int)
                         ORDER BY d.decided_at DESC LIMIT 1 FOR UPDATE OF d)
            RETURNING offer_id, placement`,
          [w.workspace_id, e.profile_id, e.event, e.ts, e.message_id],
        );
        if (!rows[0]) continue;
        await c.query(
          "INSERT INTO offer_stats (offer_id, placement, conversions) VALUES ($1, $2, 1) ON CONFLICT (offer_id, placement) DO UPDATE SET conversions = offer_stats.conversions + 1",
          [rows[0].offer_id, rows[0].placement],
        );
        n++;
      }
      await c.query("INSERT INTO conversion_cursors (workspace_id, received_at) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET received_at = excluded.received_at", [w.workspace_id, now]);
      return n;
    });
  }
  return credited;
}
