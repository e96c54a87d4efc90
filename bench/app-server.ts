import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { getConfig } from "../lib/config";
import { closePool, disconnectDb } from "../lib/db";
import path from "node:path";
import { buildIfStale, NEXT_BIN, waitForHttp } from "../scripts/app-process";

const root = path.resolve(__dirname, "..");

/** What the app's processes need to start against a benchmark database (throwaway secrets). */
export function benchEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** The production build of the app on its own port against `databaseUrl`, for benchmarks that need real HTTP. */
export async function startAppServer(databaseUrl: string, port = 3200, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const env = { ...benchEnv(databaseUrl), ...extraEnv };
  await buildIfStale(env, "ignore");
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health`, 60_000);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Points this process's lib/ code (its shared pool and Prisma client read DATABASE_URL) at a
 * benchmark database, and returns the environment for worker processes that share its secrets.
 */
export async function pointAtBenchDatabase(databaseUrl: string): Promise<NodeJS.ProcessEnv> {
  await Promise.all([closePool(), disconnectDb()]);
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
  return { ...benchEnv(databaseUrl), ENCRYPTION_KEY: getConfig().ENCRYPTION_KEY, NEXTAUTH_SECRET: getConfig().NEXTAUTH_SECRET };
}
