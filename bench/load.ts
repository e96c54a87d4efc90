import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { benchEnv } from "./app-server";
import { percentiles } from "./reference";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = path.resolve(__dirname, "..");

/** The slim API server (`npm run worker -- profile-api`: profiles and decisions) as its own process. */
export async function startSlimServer(databaseUrl: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "run.ts"), "profile-api"], { cwd: root, env: { ...benchEnv(databaseUrl), PROFILE_API_PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await sleep(200);
  }
  return { url, stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))) };
}

export type Answer = { ms: number; status: number; server: number | null };

/** One HTTP request on a keep-alive agent: latency from sending to the last byte, and the server's own time (Server-Timing). */
export function request(agent: http.Agent, base: URL, opts: { method?: string; path: string; headers: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve) => {
    const t = performance.now();
    const req = http.request({ agent, host: base.hostname, port: base.port, method: opts.method ?? "GET", path: opts.path, headers: opts.body ? { ...opts.headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(opts.body)) } : opts.headers }, (res) => {
      res.resume();
      const timing = /dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
      res.on("end", () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0, server: timing ? Number(timing[1]) : null }));
    });
    req.on("error", () => resolve({ ms: performance.now() - t, status: 0, server: null }));
    req.end(opts.body);
  });
}

/**
 * Requests at a steady rate (an open loop: a slow answer does not slow the next request) after a
 * warm-up; latency percentiles of the good answers, the server's own time, errors, achieved rate.
 */
export async function steadyLoad(opts: { rate: number; seconds: number; warmup?: number; call: () => Promise<Answer>; log: (m: string) => void; label: string }) {
  opts.log(`${opts.label}: warming up…`);
  for (let i = 0; i < (opts.warmup ?? 500); i++) await opts.call();
  opts.log(`${opts.label}: ${opts.rate} requests/s for ${opts.seconds} s…`);
  const results: Answer[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  const total = opts.rate * opts.seconds;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inflight.push(opts.call().then((r) => void results.push(r)));
  }
  await Promise.all(inflight);
  const wall = (performance.now() - started) / 1000;
  const ok = results.filter((r) => r.status === 200);
  const p = percentiles(ok.map((r) => r.ms));
  const round = (n: number) => Math.round(n * 10) / 10;
  const timed = ok.flatMap((r) => (r.server === null ? [] : [r.server]));
  const sp = percentiles(timed);
  return {
    ...(timed.length ? { serverTimeMs: { p50: round(sp.p50), p95: round(sp.p95), p99: round(sp.p99), max: round(sp.max) } } : {}),
    requested: total,
    achievedPerSecond: Math.round(results.length / wall),
    ok: ok.length,
    errors: results.length - ok.length,
    latencyMs: { p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max) },
  };
}
