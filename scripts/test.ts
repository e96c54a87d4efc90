/**
 * `npm test`: lint, type-check, unit tests, integration tests against a real PostgreSQL, and the
 * Playwright suite against a production build. PostgreSQL is the embedded one (started here, in
 * .data/test-pg) unless TEST_DATABASE_URL or DATABASE_URL names a server; each run uses fresh databases.
 * The NATS bus tests use the NATS server on NATS_URL or 127.0.0.1:4222, else start Debian's nats-server.
 * `--only unit|int|e2e|lint` runs one stage. Ends with one line: "N passed, N failed".
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { buildIfStale, waitForHttp } from "./app-process";
import { ensureDatabase, migrate, startEmbeddedPostgres, withDatabase, type EmbeddedDb } from "./db";

const root = path.resolve(__dirname, "..");
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const results = path.join(root, ".data", "test-results");
const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
const totals = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();
let embedded: EmbeddedDb | undefined;
const background: ChildProcess[] = [];

const want = (stage: string) => !only || only === stage;
const bin = (pkg: string, file: string) => path.join(root, "node_modules", pkg, file);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

function stage(name: string) {
  console.log(`\n\x1b[1m━━ ${name} ━━\x1b[0m  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** A check that is not a test runner (lint, type-check) counts as one test. */
function countCheck(code: number) {
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

function countVitest(file: string, code: number) {
  if (!existsSync(file)) return void (totals.failed += 1); // the runner crashed before reporting
  const r = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0);
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

function countPlaywright(file: string, code: number) {
  if (!existsSync(file)) return void (totals.failed += 1); // the runner crashed before reporting
  const s = JSON.parse(readFileSync(file, "utf8")).stats;
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected + (code !== 0 && s.unexpected === 0 ? 1 : 0);
  totals.skipped += s.skipped;
}

async function databaseServer(): Promise<string> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) {
    console.log(`Using the PostgreSQL server of ${given.includes("TEST") ? "TEST_DATABASE_URL" : "DATABASE_URL"} (${new URL(given).host})`);
    return given;
  }
  embedded = await startEmbeddedPostgres({
    dir: path.join(root, ".data", "test-pg", "data"),
    port: Number(process.env.TEST_PG_PORT ?? 54330),
    password: "northstar-test",
    logFile: path.join(root, ".data", "test-pg", "postgres.log"),
  });
  console.log(`Embedded PostgreSQL for tests on 127.0.0.1:${embedded.port}`);
  return embedded.url("postgres");
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 }, () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/**
 * The NATS server (JetStream) the bus tests use: NATS_URL or 127.0.0.1:4222 when one answers there,
 * otherwise Debian's `nats-server` started here for the run (on 4223, its store in .data/test-nats).
 */
async function natsServer(): Promise<string> {
  const given = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
  const u = new URL(given.split(",")[0]!.replace(/^nats:/, "http:"));
  if (await reachable(u.hostname, Number(u.port || 4222))) return given;
  const binary = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"].find((b) => existsSync(b));
  if (!binary) {
    console.log(`No NATS server answers at ${given} and nats-server is not installed: the NATS bus tests will fail. Install it (apt-get install nats-server) or set NATS_URL.`);
    return given;
  }
  const store = path.join(root, ".data", "test-nats");
  mkdirSync(store, { recursive: true });
  const child = spawn(binary, ["-js", "-a", "127.0.0.1", "-p", "4223", "-sd", store], { stdio: ["ignore", "ignore", "inherit"] });
  background.push(child);
  for (let i = 0; i < 50 && !(await reachable("127.0.0.1", 4223)); i++) await new Promise((r) => setTimeout(r, 100));
  console.log(`NATS server (JetStream) for tests on 127.0.0.1:4223`);
  return "nats://127.0.0.1:4223";
}

async function freshDatabase(server: string, name: string): Promise<string> {
  await ensureDatabase(server, name, { fresh: true });
  const url = withDatabase(server, name);
  await migrate(url);
  return url;
}

async function main() {
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });

  if (want("lint")) {
    stage("Lint (eslint)");
    countCheck(await run(process.execPath, [bin("eslint", "bin/eslint.js"), ".", "--max-warnings=0"]));
    stage("Type-check (tsc)");
    countCheck(await run(process.execPath, [bin("typescript", "bin/tsc"), "--noEmit"]));
  }

  if (want("unit")) {
    stage("Unit tests (vitest)");
    const out = path.join(results, "unit.json");
    const code = await run(process.execPath, [bin("vitest", "vitest.mjs"), "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
    countVitest(out, code);
  }

  if (!want("int") && !want("e2e")) return;
  stage("PostgreSQL for integration and e2e tests");
  const server = await databaseServer();
  const secrets = { NEXTAUTH_SECRET: randomBytes(32).toString("hex"), ENCRYPTION_KEY: randomBytes(32).toString("hex") };

  if (want("int")) {
    stage("Integration tests against PostgreSQL (vitest)");
    const url = await freshDatabase(server, "northstar_test_int");
    const natsUrl = await natsServer();
    const out = path.join(results, "int.json");
    const code = await run(
      process.execPath,
      [bin("vitest", "vitest.mjs"), "run", "--project", "int", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
      { ...process.env, ...secrets, DATABASE_URL: url, SMTP_URL: "", NATS_URL: natsUrl },
    );
    countVitest(out, code);
  }

  if (want("e2e")) {
    stage("End-to-end tests in Chromium against a production build (playwright)");
    const url = await freshDatabase(server, "northstar_test_e2e");
    const env = { ...process.env, ...secrets, DATABASE_URL: url, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1", PORT: String(E2E_PORT), SMTP_URL: "" };
    delete env.NEXTAUTH_URL;
    if (!(await buildIfStale(env))) console.log("Production build is up to date");
    const web = spawn(process.execPath, [bin("next", "dist/bin/next"), "start", "-p", String(E2E_PORT)], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    const workers = spawn(process.execPath, ["--import", "tsx", "workers/all.ts"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    background.push(web, workers);
    await waitForHttp(`http://127.0.0.1:${E2E_PORT}/api/health`, 60_000);
    const out = path.join(results, "e2e.json");
    const code = await run(process.execPath, [bin("@playwright/test", "cli.js"), "test"], { ...env, E2E_BASE_URL: `http://127.0.0.1:${E2E_PORT}` });
    countPlaywright(out, code);
  }
}

async function cleanup() {
  for (const c of background) if (c.exitCode === null) c.kill("SIGTERM");
  await Promise.all(background.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  if (embedded) await embedded.stop();
}

main()
  .catch((e) => {
    console.error(`\x1b[31m✗\x1b[0m ${e instanceof Error ? e.message : String(e)}`);
    totals.failed += 1;
  })
  .finally(async () => {
    await cleanup();
    console.log(`\nFinished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
    process.exit(totals.failed > 0 ? 1 : 0);
  });
