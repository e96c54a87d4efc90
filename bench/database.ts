import path from "node:path";
import { ensureDatabase, migrate, startEmbeddedPostgres, withDatabase } from "../scripts/db";

/**
 * The PostgreSQL server benchmarks run on: BENCH_DATABASE_URL or DATABASE_URL when set, otherwise an
 * embedded PostgreSQL in .data/bench-pg (port 54331). Each scenario gets a fresh database on it.
 */
export async function openBenchServer(): Promise<{ adminUrl: string; close: () => Promise<void>; kind: string }> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) return { adminUrl: given, close: async () => undefined, kind: "external" };
  const root = path.resolve(__dirname, "..");
  const pg = await startEmbeddedPostgres({
    dir: path.join(root, ".data", "bench-pg", "data"),
    port: Number(process.env.BENCH_PG_PORT ?? 54331),
    password: "northstar-bench",
    logFile: path.join(root, ".data", "bench-pg", "postgres.log"),
  });
  return { adminUrl: pg.url("postgres"), close: () => pg.stop(), kind: "embedded" };
}

export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  await ensureDatabase(adminUrl, name, { fresh: true });
  const url = withDatabase(adminUrl, name);
  await migrate(url);
  return url;
}
