import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { closePool, disconnectDb } from "../../lib/db";
import { ingestMessages, parseMessage } from "../../lib/ingest";
import { createFeature, createModel, getModel, runNextJob } from "../../lib/ml";
import { benchEnv } from "../app-server";
import { freshDatabase } from "../database";
import { request, startSlimServer, steadyLoad } from "../load";
import { seedApiWorkspace } from "../profiles-fixture";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";

const ACTOR = { type: "system" as const, label: "decisions benchmark" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = path.resolve(__dirname, "..", "..");
const round = (n: number) => Math.round(n * 10) / 10;

/** Four offers of different kinds (everyone with a cap, a segment, a trait rule, a consent) with some history for the bandit. */
async function seedOffers(db: pg.Client, ws: string) {
  const conversion = { event: "Order Completed", windowDays: 7 };
  const base = { description: "", payload: { title: "An offer" }, priority: 5, conversion, caps: { perProfile: null, total: null }, eligibility: { segments: [], excludeSegments: [], traits: [], consent: null } };
  const offers = [
    { ...base, key: "free-shipping", name: "Free shipping", caps: { perProfile: { max: 5, days: 7 }, total: null } },
    { ...base, key: "vip-gift", name: "VIP gift", eligibility: { ...base.eligibility, segments: [`seg_${ws}_0`] } },
    { ...base, key: "pro-upgrade", name: "Pro upgrade", eligibility: { ...base.eligibility, traits: [{ trait: "plan", op: "neq", value: "pro" }] } },
    { ...base, key: "personal-pick", name: "Personal pick", eligibility: { ...base.eligibility, consent: "personalization" } },
  ];
  for (const [i, o] of offers.entries()) {
    const id = `of_${ws}_${i}`;
    await db.query("INSERT INTO offers (id, workspace_id, key, name, definition, created_by) VALUES ($1, $2, $3, $4, $5, 'bench')", [id, ws, o.key, o.name, JSON.stringify(o)]);
    await db.query("INSERT INTO offer_stats (offer_id, placement, impressions, conversions) VALUES ($1, 'homepage', $2, $3), ($1, 'cart', $2, $4)", [id, 5000, 100 + i * 40, 80 + i * 30]);
  }
}

/** N profiles with 30 traits (20 numbers, 10 categories) and a churn label that depends on a few of them, plus noise. */
async function seedTraining(db: pg.Client, ws: string, n: number) {
  await db.query("INSERT INTO workspaces (id, name, slug) VALUES ($1, 'Training benchmark', $1)", [ws]);
  const numbers = Array.from({ length: 20 }, (_, i) => `'t${i}', round((random() * 100)::numeric, 2)`).join(", ");
  const cats = Array.from({ length: 10 }, (_, i) => `'c${i}', (ARRAY['a','b','c','d','e'])[1 + floor(random() * 5)::int]`).join(", ");
  await db.query(`INSERT INTO profiles (workspace_id, traits, first_seen_at, last_seen_at) SELECT $1, jsonb_build_object(${numbers}) || jsonb_build_object(${cats}), now(), now() FROM generate_series(1, $2::int)`, [ws, n]);
  await db.query(
    `UPDATE profiles SET traits = traits || jsonb_build_object('churned', random() < 1 / (1 + exp(-(0.04 * (traits ->> 't0')::float - 0.03 * (traits ->> 't1')::float + 0.02 * (traits ->> 't2')::float + CASE traits ->> 'c0' WHEN 'a' THEN 1.2 ELSE 0 END - 1))))
      WHERE workspace_id = $1`,
    [ws],
  );
  await db.query("VACUUM ANALYZE profiles");
}

/**
 * AI decisioning at scale. (1) The decision API on the slim server at a steady rate (default 500/s
 * for 20 s), for random profiles of N (default 100,000) with four offers to choose from (segment,
 * trait, consent and cap rules; a bandit with history). (2) A churn model trained by the ml worker's
 * job on 100,000 profiles × 30 traits: reading the data, fitting trees and logistic regression,
 * testing, and scoring every profile. (3) Feature freshness: events sent through ingestion while the
 * features worker runs; time from each event acknowledged to its profile's stored features updated.
 */
export const decisionsScenario: Scenario = {
  name: "decisions",
  description: "decision API latency at a steady rate; training a model on 100k profiles × 30 features; event-to-feature freshness",
  target: "decision p99 under 10 ms at 500 requests/s; training under 60 s; feature freshness p99 under 1 s",
  async run({ adminUrl, size, log }) {
    const people = Number(process.env.BENCH_PROFILES ?? ({ smoke: 1_000, tiny: 10_000 } as Record<string, number>)[size] ?? 100_000);
    const rate = Number(process.env.BENCH_RATE ?? 500);
    const seconds = Number(process.env.BENCH_SECONDS ?? 20);
    const url = await freshDatabase(adminUrl, `northstar_bench_decisions_${size.replace(/\W/g, "_")}`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const previousUrl = process.env.DATABASE_URL;
    const out: Record<string, unknown> = { profiles: people, rate, seconds };
    try {
      // (1) The decision API.
      const ws = `ws_bench_${randomBytes(6).toString("hex")}`;
      log(`${people.toLocaleString()} profiles and four offers…`);
      const { secret, ids } = await seedApiWorkspace(db, ws, "Decisions benchmark", people);
      await seedOffers(db, ws);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      const slim = await startSlimServer(url, 3202);
      try {
        const base = new URL(slim.url);
        const placements = ["homepage", "cart"];
        const call = () =>
          request(agent, base, { method: "POST", path: "/api/v1/decide", headers: { authorization: `Bearer ${secret}` }, body: JSON.stringify({ userId: `user_${ids[Math.floor(Math.random() * ids.length)]}`, context: { placement: placements[Math.floor(Math.random() * 2)] } }) });
        out.decisionApi = await steadyLoad({ rate, seconds, label: "decision API", log, call });
      } finally {
        await slim.stop();
        agent.destroy();
      }
      out.decisionsLogged = Number((await db.query("SELECT count(*) AS n FROM decisions WHERE workspace_id = $1", [ws])).rows[0].n);

      // (2) Training: the ml worker's job, in this process.
      const trainWs = `ws_train_${randomBytes(6).toString("hex")}`;
      const n = Number(process.env.BENCH_TRAIN_PROFILES ?? ({ smoke: 2_000, tiny: 10_000 } as Record<string, number>)[size] ?? 100_000);
      log(`${n.toLocaleString()} labelled profiles × 30 traits…`);
      await seedTraining(db, trainWs, n);
      await Promise.all([closePool(), disconnectDb()]);
      process.env.DATABASE_URL = url;
      const traits = [...Array.from({ length: 20 }, (_, i) => `t${i}`), ...Array.from({ length: 10 }, (_, i) => `c${i}`)];
      const algorithm = (process.env.BENCH_ALGORITHM ?? "auto") as "auto";
      const model = await createModel({ workspaceId: trainWs, actor: ACTOR, input: { name: "Churn", target: { kind: "label", trait: "churned", positive: "true" }, traits, algorithm, scoreTrait: "churn_score" } });
      log(`training (${algorithm})…`);
      const t0 = performance.now();
      while (await runNextJob()) {
        // the one queued
      }
      const total = performance.now() - t0;
      const trained = await getModel({ workspaceId: trainWs, modelId: model.id });
      if (!trained.current) throw new Error(`training failed: ${trained.job?.error}`);
      const version = (await db.query<{ duration_ms: number }>("SELECT duration_ms FROM model_versions WHERE model_id = $1", [model.id])).rows[0]!;
      out.training = {
        profiles: n,
        features: 30,
        algorithm: trained.current.algorithm,
        trainingSeconds: round(version.duration_ms / 1000),
        withScoringSeconds: round(total / 1000),
        rocAuc: Math.round(trained.current.metrics.rocAuc * 1000) / 1000,
        scored: trained.scoredProfiles,
      };

      // (3) Freshness: a features worker runs; events arrive; how long until the profile's features show them.
      log("feature freshness…");
      await createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "events_7d", spec: { kind: "event", aggregate: "count", event: "*", windowDays: 7 } } });
      await createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "orders_30d", spec: { kind: "event", aggregate: "count", event: "Order Completed", windowDays: 30 } } });
      await db.query("INSERT INTO feature_sweeps (workspace_id, swept_at, profiles) VALUES ($1, now(), 0) ON CONFLICT (workspace_id) DO UPDATE SET swept_at = now()", [ws]);
      const worker = spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "run.ts"), "features"], { cwd: root, env: benchEnv(url), stdio: ["ignore", "ignore", "inherit"] });
      try {
        await sleep(3000);
        const count = Number(process.env.BENCH_FRESHNESS_EVENTS ?? (size === "smoke" ? 30 : 600));
        const perSecond = 30;
        const pending = new Map<string, { acked: number; before: number }>();
        const lat: number[] = [];
        let polling = true;
        const poller = (async () => {
          while (polling || pending.size) {
            if (pending.size) {
              const { rows } = await db.query<{ profile_id: string; at: string }>("SELECT profile_id::text, (extract(epoch FROM computed_at) * 1000)::text AS at FROM profile_features WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[])", [ws, [...pending.keys()]]);
              const seen = performance.now() + performance.timeOrigin;
              for (const r of rows) {
                const p = pending.get(r.profile_id);
                if (p && Number(r.at) > p.before) {
                  lat.push(seen - p.acked);
                  pending.delete(r.profile_id);
                }
              }
            }
            await sleep(20);
          }
        })();
        const started = performance.now();
        const used = new Set<string>();
        for (let i = 0; i < count; i++) {
          const due = started + (i * 1000) / perSecond;
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          let id = ids[Math.floor(Math.random() * ids.length)]!;
          while (used.has(id)) id = ids[Math.floor(Math.random() * ids.length)]!;
          used.add(id);
          const before = Number((await db.query("SELECT coalesce((extract(epoch FROM computed_at) * 1000), 0)::text AS at FROM profile_features WHERE workspace_id = $1 AND profile_id = $2", [ws, id])).rows[0]?.at ?? 0);
          await ingestMessages({ workspaceId: ws, sourceId: null, messages: [parseMessage({ type: "track", messageId: randomBytes(8).toString("hex"), userId: `user_${id}`, event: "Order Completed", properties: { revenue: 20 } }, { receivedAt: new Date() })] });
          pending.set(id, { acked: performance.now() + performance.timeOrigin, before });
        }
        const deadline = performance.now() + 30_000;
        while (pending.size && performance.now() < deadline) await sleep(50);
        polling = false;
        const lost = pending.size;
        pending.clear();
        await poller;
        const p = percentiles(lat);
        out.featureFreshness = { events: count, perSecond, updated: lat.length, notUpdatedIn30s: lost, latencyMs: { p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max) } };
      } finally {
        worker.kill("SIGTERM");
      }
      return out;
    } finally {
      await Promise.all([closePool(), disconnectDb()]);
      if (previousUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previousUrl;
      await db.end();
    }
  },
};
