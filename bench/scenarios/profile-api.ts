import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { benchEnv, startAppServer } from "../app-server";
import { freshDatabase } from "../database";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = path.resolve(__dirname, "..", "..");

/** The slim profile API server (`npm run worker -- profile-api`) as its own process. */
async function startSlimServer(databaseUrl: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "run.ts"), "profile-api"], { cwd: root, env: { ...benchEnv(databaseUrl), PROFILE_API_PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await sleep(200);
  }
  return { url, stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))) };
}

/**
 * The profile API under a steady request rate: N profiles (traits, an email, an anonymous id, a few
 * segment memberships), the slim profile API server in its own process (and, with BENCH_WEB=1, the
 * same route through the web app's production build), keep-alive connections; requests at `BENCH_RATE` a
 * second (default 1,000) for `BENCH_SECONDS` (default 20), each for a random profile by user id,
 * email or anonymous id. Latency is from sending the request to the last byte of the answer.
 */
export const profileApiScenario: Scenario = {
  name: "profile-api",
  description: "GET /api/v1/profiles/{identifier} at a fixed request rate: latency percentiles and errors",
  target: "p99 under 10 ms at 1,000 requests/s",
  async run({ adminUrl, size, log }) {
    const people = Number(process.env.BENCH_PROFILES ?? ({ smoke: 1_000, tiny: 10_000 } as Record<string, number>)[size] ?? 100_000);
    const rate = Number(process.env.BENCH_RATE ?? 1000);
    const seconds = Number(process.env.BENCH_SECONDS ?? 20);
    const url = await freshDatabase(adminUrl, `northstar_bench_profile_api_${size.replace(/\W/g, "_")}`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const ws = `ws_bench_${randomBytes(6).toString("hex")}`;
    log(`${people.toLocaleString()} profiles…`);
    await db.query("INSERT INTO workspaces (id, name, slug) VALUES ($1, 'Profile API benchmark', $1)", [ws]);
    await db.query(
      `INSERT INTO profiles (workspace_id, traits, consent, first_seen_at, last_seen_at)
       SELECT $1, jsonb_build_object('email', 'person' || g || '@example.com', 'first_name', 'Person ' || g, 'plan', (ARRAY['basic','plus','pro'])[1 + g % 3], 'lifetime_value', g % 500),
              '{"personalization": {"granted": true}}', now() - interval '30 days', now() - interval '1 day'
         FROM generate_series(1, $2::int) g`,
      [ws, people],
    );
    await db.query(
      `INSERT INTO identities (workspace_id, kind, value, profile_id)
       SELECT $1, k.kind, CASE k.kind WHEN 'user_id' THEN 'user_' || p.id WHEN 'email' THEN p.traits ->> 'email' ELSE 'anon_' || p.id END, p.id
         FROM profiles p CROSS JOIN (VALUES ('user_id'), ('email'), ('anonymous_id')) k(kind) WHERE p.workspace_id = $1`,
      [ws],
    );
    for (const [i, name] of ["VIP", "Newsletter", "Cart abandoners", "Pro plan"].entries()) {
      const id = `seg_bench_${i}`;
      await db.query("INSERT INTO segments (id, workspace_id, name, definition, created_by) VALUES ($1, $2, $3, '{\"type\":\"group\",\"op\":\"and\",\"conditions\":[]}', 'bench')", [id, ws, name]);
      await db.query("INSERT INTO segment_members (segment_id, profile_id, since) SELECT $1, id, now() FROM profiles WHERE workspace_id = $2 AND id % $3 = 0", [id, ws, i + 2]);
    }
    // Settle the fresh tables first, so autovacuum and a checkpoint do not run during the measurement.
    await db.query("VACUUM ANALYZE profiles, identities, segment_members, segments");
    await db.query("CHECKPOINT");
    const secret = `nsk_${randomBytes(32).toString("base64url")}`;
    await db.query("INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scope) VALUES ($1, $2, 'bench', $3, $4, 'read')", [
      `key_${randomBytes(6).toString("hex")}`, ws, secret.slice(0, 12), createHash("sha256").update(secret).digest("hex"),
    ]);
    const ids = (await db.query<{ id: string }>("SELECT id::text FROM profiles WHERE workspace_id = $1", [ws])).rows.map((r) => r.id);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const call = (base: URL, identifier: string) =>
      new Promise<{ ms: number; status: number; server: number | null }>((resolve) => {
        const t = performance.now();
        const req = http.request(
          { agent, host: base.hostname, port: base.port, path: `/api/v1/profiles/${encodeURIComponent(identifier)}`, headers: { authorization: `Bearer ${secret}` } },
          (res) => {
            res.resume();
            const timing = /dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
            res.on("end", () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0, server: timing ? Number(timing[1]) : null }));
          },
        );
        req.on("error", () => resolve({ ms: performance.now() - t, status: 0, server: null }));
        req.end();
      });
    const pick = () => {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const k = Math.floor(Math.random() * 3);
      return k === 0 ? `user_${id}` : k === 1 ? `person${Number(id) - Number(ids[0]) + 1}@example.com` : `anon_${id}`;
    };
    const measure = async (label: string, base: URL) => {
      log(`${label}: warming up…`);
      for (let i = 0; i < 500; i++) await call(base, pick());
      log(`${label}: ${rate} requests/s for ${seconds} s…`);
      const results: { ms: number; status: number; server: number | null }[] = [];
      const inflight: Promise<void>[] = [];
      const started = performance.now();
      const total = rate * seconds;
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        inflight.push(call(base, pick()).then((r) => void results.push(r)));
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
    };
    const out: Record<string, unknown> = { profiles: people, rate, seconds };
    try {
      const slim = await startSlimServer(url, 3201);
      try {
        out.slimServer = await measure("slim server", new URL(slim.url));
      } finally {
        await slim.stop();
      }
      if (process.env.BENCH_WEB === "1") {
        log("starting the production build…");
        const app = await startAppServer(url);
        try {
          out.webApp = await measure("web app", new URL(app.url));
        } finally {
          await app.stop();
        }
      }
      return out;
    } finally {
      agent.destroy();
      await db.end();
    }
  },
};
