import pg from "pg";

const globalForPool = globalThis as unknown as { northstarPool?: pg.Pool };

/** The shared `pg` pool for hot paths that write SQL directly (ingest, segments, analytics). */
export function pool(): pg.Pool {
  if (!globalForPool.northstarPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is missing: start the app with `npm start`, or set it to a PostgreSQL URL");
    const created = new pg.Pool({ connectionString, max: 10 });
    // An idle connection the server closes (a restart, a failover, shutdown) is dropped from the
    // pool and replaced on the next query; without a listener the error would end the process.
    created.on("error", (e) => console.error(`[db] an idle connection was closed: ${e.message}`));
    globalForPool.northstarPool = created;
  }
  return globalForPool.northstarPool;
}

export async function closePool(): Promise<void> {
  await globalForPool.northstarPool?.end();
  globalForPool.northstarPool = undefined;
}

/** Runs `fn` in one transaction on a pooled connection: committed when it returns, rolled back when it throws. */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
