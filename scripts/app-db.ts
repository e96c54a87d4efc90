import path from "node:path";
import { parseStartupConfig } from "../lib/config";
import { ensureDatabase, migrate, portInUse, startEmbeddedPostgres } from "./db";
import { loadOrCreateSecrets } from "./secrets";

/**
 * The app's own database for command-line tools: DATABASE_URL when set; otherwise the embedded
 * PostgreSQL of `npm start` (reused when it is running, started for the command when not).
 * Migrations are applied either way.
 */
export async function openAppDatabase(): Promise<{ url: string; where: string; close: () => Promise<void> }> {
  const root = path.resolve(__dirname, "..");
  const startup = parseStartupConfig(process.env);
  if (startup.DATABASE_URL) {
    await migrate(startup.DATABASE_URL);
    return { url: startup.DATABASE_URL, where: `DATABASE_URL (${new URL(startup.DATABASE_URL).host})`, close: async () => undefined };
  }
  const dataDir = path.resolve(root, startup.DATA_DIR);
  const secrets = loadOrCreateSecrets(dataDir);
  const url = `postgresql://postgres:${encodeURIComponent(secrets.EMBEDDED_PG_PASSWORD)}@127.0.0.1:${startup.EMBEDDED_PG_PORT}/northstar`;
  if (await portInUse(startup.EMBEDDED_PG_PORT)) {
    await migrate(url);
    return { url, where: `the running embedded PostgreSQL on port ${startup.EMBEDDED_PG_PORT}`, close: async () => undefined };
  }
  const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, "pg"), port: startup.EMBEDDED_PG_PORT, password: secrets.EMBEDDED_PG_PASSWORD, logFile: path.join(dataDir, "postgres.log") });
  await ensureDatabase(pg.url("postgres"), "northstar");
  await migrate(url);
  return { url, where: `the embedded PostgreSQL in ${path.relative(root, pg.dir)}`, close: () => pg.stop() };
}
