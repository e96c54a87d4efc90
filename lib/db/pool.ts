import pg from "pg";

const globalForPool = globalThis as unknown as { northstarPool?: pg.Pool };

/** The shared `pg` pool for hot paths that write SQL directly (ingest, segments, analytics). */
export function pool(): pg.Pool {
  if (!globalForPool.northstarPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is missing: start the app with `npm start`, or set it to a PostgreSQL URL");
    globalForPool.northstarPool = new pg.Pool({ connectionString, max: 10 });
  }
  return globalForPool.northstarPool;
}

export async function closePool(): Promise<void> {
  await globalForPool.northstarPool?.end();
  globalForPool.northstarPool = undefined;
}
