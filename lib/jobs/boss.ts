import PgBoss from "pg-boss";

/** A pg-boss instance on the app's own PostgreSQL (schema `pgboss`). */
export function createBoss(connectionString: string): PgBoss {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 5 });
  boss.on("error", (e) => console.error(`[jobs] ${e.message}`));
  return boss;
}

/** Creates the queue when missing (pg-boss 10 needs queues declared before send/work). */
export async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name"> = {}): Promise<void> {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, { ...options, name });
}

export type { PgBoss };
