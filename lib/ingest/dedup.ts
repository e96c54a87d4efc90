import type pg from "pg";

/** How long a message id is remembered: a retry within this window is stored once. */
export const DEDUP_WINDOW_DAYS = 14;

/** Forgets message ids older than the window, in slices so no long lock is held; returns how many. */
export async function pruneDedup(db: Pick<pg.Pool, "query">, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DEDUP_WINDOW_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(
      "DELETE FROM event_dedup WHERE ctid IN (SELECT ctid FROM event_dedup WHERE received_at < $1 LIMIT 50000)",
      [before],
    );
    total += rowCount ?? 0;
    if (!rowCount || rowCount < 50000) return total;
  }
}
