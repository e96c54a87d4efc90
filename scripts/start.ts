/**
 * `npm start` (and `npm run dev` with --dev): one command that runs everything.
 * Embedded PostgreSQL (unless DATABASE_URL) → migrations → demo seed → build when stale →
 * web app and workers side by side. Ctrl-C / SIGTERM stops all of it cleanly.
 * `npm run web` (--web) starts the web app alone: another copy behind a load balancer, with the
 * workers run elsewhere (`npm run worker -- <role>`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ConfigError, parseStartupConfig } from "../lib/config";
import { buildIfStale, NEXT_BIN, waitForHttp } from "./app-process";
import { ensureDatabase, migrate, startEmbeddedPostgres, type EmbeddedDb } from "./db";
import { loadOrCreateSecrets } from "./secrets";

const root = path.resolve(__dirname, "..");
const dev = process.argv.includes("--dev");
const webOnly = process.argv.includes("--web");
const started = Date.now();
const children: ChildProcess[] = [];
let embedded: EmbeddedDb | undefined;
let stopping = false;

const step = (msg: string) => console.log(`\x1b[32m✓\x1b[0m ${msg}`);
const info = (msg: string) => console.log(`  ${msg}`);
const fail = (msg: string) => console.error(`\x1b[31m✗\x1b[0m ${msg}`);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      fail(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); shutting everything down`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping web, workers and database…");
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill("SIGKILL"), 15_000);
          c.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  );
  if (embedded) {
    await embedded.stop();
    step(`PostgreSQL stopped; all data is kept in ${path.relative(root, path.dirname(embedded.dir)) || path.dirname(embedded.dir)}/`);
  }
  process.exit(code);
}

async function main() {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const startup = parseStartupConfig(process.env);
  const dataDir = path.resolve(root, startup.DATA_DIR);
  const secrets = loadOrCreateSecrets(dataDir);
  step(`Configuration valid (secrets in ${path.relative(root, dataDir) || dataDir}/secrets.json)`);

  let databaseUrl = startup.DATABASE_URL;
  if (databaseUrl) {
    step(`Using PostgreSQL at ${new URL(databaseUrl).host} (DATABASE_URL); no embedded server started`);
  } else {
    embedded = await startEmbeddedPostgres({
      dir: path.join(dataDir, "pg"),
      port: startup.EMBEDDED_PG_PORT,
      password: secrets.EMBEDDED_PG_PASSWORD,
      logFile: path.join(dataDir, "postgres.log"),
    });
    await ensureDatabase(embedded.url("postgres"), "northstar");
    databaseUrl = embedded.url("northstar");
    step(`Embedded PostgreSQL running on 127.0.0.1:${embedded.port} (data in ${path.relative(root, embedded.dir)})`);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: startup.NEXTAUTH_SECRET ?? secrets.NEXTAUTH_SECRET,
    ENCRYPTION_KEY: startup.ENCRYPTION_KEY ?? secrets.ENCRYPTION_KEY,
    PORT: String(startup.PORT),
    ...(startup.NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: "true" }),
  };
  process.env.DATABASE_URL = databaseUrl;
  // The seed stores the demo destination's settings encrypted, as the app does.
  process.env.ENCRYPTION_KEY = env.ENCRYPTION_KEY;
  process.env.NEXTAUTH_SECRET = env.NEXTAUTH_SECRET;

  const applied = await migrate(databaseUrl);
  step(applied > 0 ? `Database migrated (${applied} migration${applied === 1 ? "" : "s"} applied)` : "Database schema up to date");

  if (startup.SEED_DEMO) {
    const { seedDemoWorkspace } = await import("../lib/demo/seed");
    const { disconnectDb } = await import("../lib/db");
    const t = Date.now();
    const seeded = await seedDemoWorkspace({ password: secrets.DEMO_OWNER_PASSWORD, connectionString: databaseUrl, exportsDir: path.join(dataDir, "exports") });
    await disconnectDb();
    step(
      seeded.created
        ? `Demo workspace “Demo Store” seeded with ${seeded.events.toLocaleString("en-US")} events in ${((Date.now() - t) / 1000).toFixed(1)} s`
        : "Demo workspace already seeded; nothing changed",
    );
    info(`Sign in as ${seeded.email} with password ${secrets.DEMO_OWNER_PASSWORD}`);
  } else {
    step("Demo seed skipped (SEED_DEMO=false): open the app to create the first owner");
  }

  if (dev) {
    run(process.execPath, [NEXT_BIN, "dev", "-p", String(startup.PORT)], env, "web app (dev)");
    run(process.execPath, ["--watch", "--import", "tsx", "workers/all.ts"], env, "workers");
    step("Dev server and workers starting with hot reload");
  } else {
    const t = Date.now();
    const built = await buildIfStale(env);
    step(built ? `App built in ${((Date.now() - t) / 1000).toFixed(1)} s (first start, or the sources changed)` : "Production build is up to date");
    run(process.execPath, [NEXT_BIN, "start", "-p", String(startup.PORT)], { ...env, NEXT_TELEMETRY_DISABLED: "1" }, "web app");
    if (!webOnly) run(process.execPath, ["--import", "tsx", "workers/all.ts"], env, "workers");
  }

  await waitForHttp(`http://127.0.0.1:${startup.PORT}/api/health`, dev ? 120_000 : 60_000, () => stopping);
  step(`${webOnly ? "Web app (no workers: run them with npm run worker)" : "Web app and workers"} running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`\n  ➜  Open \x1b[1mhttp://localhost:${startup.PORT}\x1b[0m   (Ctrl-C to stop)\n`);
}

main().catch(async (e) => {
  fail(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e));
  await shutdown(1);
});
