import type pg from "pg";

type Queryable = Pick<pg.Client, "query">;

function monthStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

export function partitionName(month: Date): string {
  return `events_p${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The months (first day, UTC) whose partitions cover [from, to]. */
export function monthsBetween(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (let m = monthStart(from); m <= to; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) months.push(m);
  return months;
}

/**
 * Creates the monthly partitions of `events` covering [from, to] that do not exist yet; returns
 * the names created. Safe to call concurrently: a partition created meanwhile by another process is fine.
 */
export async function ensureEventPartitions(db: Queryable, from: Date, to: Date): Promise<string[]> {
  const created: string[] = [];
  const { rows } = await db.query<{ name: string }>("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass");
  const existing = new Set(rows.map((r) => r.name));
  for (const month of monthsBetween(from, to)) {
    const name = partitionName(month);
    if (existing.has(name)) continue;
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    try {
      await db.query(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF events FOR VALUES FROM ('${month.toISOString()}') TO ('${next.toISOString()}')`);
      created.push(name);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== "42P07" && code !== "23505") throw e; // created by someone else meanwhile
    }
  }
  return created;
}

/** Partitions from last month through three months ahead: what the maintenance worker keeps in place. */
export function ensurePartitionsAhead(db: Queryable, now = new Date()): Promise<string[]> {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
  return ensureEventPartitions(db, from, to);
}
