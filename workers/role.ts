import type { PgBoss } from "../lib/jobs";

/** One worker role: registers its queues, schedules and handlers on a started pg-boss. */
export type WorkerRole = { name: string; start: (boss: PgBoss) => Promise<void>; stop?: () => Promise<void> };
