import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { ensureDataWorkspace } from "../../lib/demo";
import { closeNats, nats, streamName } from "../../lib/bus/nats/client";
import { closePool, disconnectDb } from "../../lib/db";
import { benchEnv, pointAtBenchDatabase, startAppServer } from "../app-server";
import { freshDatabase } from "../database";
import { prepareBatches, sendBatches } from "../http-load";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";
import { ensureLiveSegments, segmentsDatabase } from "../segments-fixture";

const round = (n: number) => Math.round(n * 10) / 10;
const root = path.resolve(__dirname, "..", "..");
const LANES = 4;
const EVENTS = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Email Opened"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function worker(role: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "run.ts"), role], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}

async function stopAll(children: ChildProcess[]) {
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => (c.once("exit", r), c.kill("SIGTERM"))))));
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

/**
 * Scale-out figures. 1) The live segment engine working off a backlog of touched profiles (50
 * segments, SEGMENT_LANES=4) with 1, 2 and 4 `segments` worker processes sharing the lanes.
 * 2) Ingestion through POST /v1/batch with the PostgreSQL bus (acknowledged once committed) and
 * with BUS=nats (acknowledged once in JetStream, written behind by `ingest` workers), in one run.
 */
export const scaleScenario: Scenario = {
  name: "scale",
  description: "Segment engine throughput with 1, 2 and 4 worker processes; ingestion rate with BUS=nats against the PostgreSQL bus",
  target: "figures for the scale-out guide: segment profiles/s by process count, ingestion acknowledged and stored events/s by bus",
  async run({ adminUrl, size, gen: requested, log }) {
    const touches = Number(process.env.BENCH_TOUCHES ?? 20_000);
    const counts = (process.env.BENCH_PROCESSES ?? "1,2,4").split(",").map(Number);
    const seconds = Number(process.env.BENCH_SECONDS ?? 20);
    const clients = Number(process.env.BENCH_CLIENTS ?? 4);
    const ingestWorkers = Number(process.env.BENCH_INGEST_WORKERS ?? 2);
    const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";

    // 1. The segment engine with 1, 2, 4 processes.
    const { url, workspaceId } = await segmentsDatabase(adminUrl, size, requested, log);
    const previousUrl = process.env.DATABASE_URL;
    const env = await pointAtBenchDatabase(url);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const segmentRuns: Record<string, unknown>[] = [];
    try {
      log("50 live segments (kept from an earlier run when there is one)…");
      await ensureLiveSegments(db, workspaceId);
      const ids = (await db.query<{ id: string }>("SELECT id FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL ORDER BY hashint8(id) LIMIT $2", [workspaceId, touches])).rows.map((r) => r.id);
      for (const k of counts) {
        await db.query("TRUNCATE segment_queue");
        log(`segments: ${k} process(es), ${ids.length.toLocaleString()} touched profiles…`);
        const children = Array.from({ length: k }, () => worker("segments", { ...env, SEGMENT_LANES: String(LANES) }));
        try {
          // Every process joined and the lanes settled among them (a lease refresh a second).
          await waitFor(async () => Number((await db.query("SELECT count(*) FROM bus_members WHERE group_name = $1", [`segments:lanes:${LANES}`])).rows[0].count) === k, 60_000);
          await sleep(3_000);
          // Work that fell due meanwhile is done first, so the clock measures the backlog alone.
          await waitFor(async () => Number((await db.query("SELECT count(*) FROM segment_timers WHERE due_at <= now()")).rows[0].count) < 100, 60_000);
          const t = performance.now();
          await db.query(
            `INSERT INTO segment_queue (workspace_id, profile_id, events, traits, consent, everything, merged, message_id)
             SELECT $1, id, ARRAY[($3::text[])[1 + (id % $4)]], false, false, false, false, NULL FROM unnest($2::bigint[]) AS id`,
            [workspaceId, ids, EVENTS, EVENTS.length],
          );
          await db.query("NOTIFY ns_segments");
          const done = await waitFor(async () => Number((await db.query("SELECT count(*) FROM segment_queue")).rows[0].count) === 0, 600_000);
          const s = (performance.now() - t) / 1000;
          segmentRuns.push({ processes: k, lanes: LANES, profiles: ids.length, seconds: round(s), profilesPerSecond: Math.round(ids.length / s), finished: done });
        } finally {
          await stopAll(children);
        }
      }
    } finally {
      await db.end();
      await Promise.all([closePool(), disconnectDb()]);
      process.env.DATABASE_URL = previousUrl;
    }

    // 2. Ingestion: the PostgreSQL bus against BUS=nats.
    const ingestUrl = await freshDatabase(adminUrl, "northstar_bench_scale_ingest");
    const idb = new pg.Client({ connectionString: ingestUrl });
    await idb.connect();
    const prefix = `BENCH${randomBytes(3).toString("hex").toUpperCase()}`;
    const ingest: Record<string, unknown>[] = [];
    try {
      const ws = await ensureDataWorkspace(idb, "Benchmark");
      const writeKey = randomBytes(24).toString("base64url");
      await idb.query("INSERT INTO sources (id, workspace_id, name, write_key) VALUES ($1, $2, 'Benchmark', $3)", [`src_${randomBytes(8).toString("hex")}`, ws.id, writeKey]);
      const auth = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
      log("preparing batches…");
      const prepared = prepareBatches(requested);
      // "nats-burst": the ingest workers start once the clients are done, as when a burst outruns
      // the writers (or they run on other machines): the API's rate alone, then the catching up.
      for (const mode of ["postgres", "nats", "nats-burst"] as const) {
        const bus = mode === "postgres" ? "postgres" : "nats";
        const busEnv: Record<string, string> = bus === "nats" ? { BUS: "nats", NATS_URL: natsUrl, NATS_STREAM_PREFIX: prefix } : { BUS: "postgres" };
        log(`ingest with BUS=${bus}: ${clients} clients for ${seconds} s${bus === "nats" ? `, ${ingestWorkers} ingest worker process(es)${mode === "nats-burst" ? " started after the burst" : ""}` : ""}…`);
        const app = await startAppServer(ingestUrl, 3200, busEnv);
        const writers = () => Array.from({ length: ingestWorkers }, () => worker("ingest", { ...benchEnv(ingestUrl), ...busEnv }));
        const children = mode === "nats" ? writers() : [];
        try {
          const before = Number((await idb.query("SELECT count(*) FROM events")).rows[0].count);
          const t = performance.now();
          const r = await sendBatches({ url: app.url, auth, prepared, clients, seconds, tag: `${mode}-` });
          if (mode === "nats-burst") children.push(...writers());
          const stored = await waitFor(async () => Number((await idb.query("SELECT count(*) FROM events")).rows[0].count) - before >= r.events, 300_000);
          const storedSeconds = (performance.now() - t) / 1000;
          const ack = percentiles(r.latencies);
          ingest.push({
            mode,
            ...(bus === "nats" ? { ingestWorkers } : {}),
            eventsAcknowledged: r.events,
            failedRequests: r.failures,
            acknowledgedPerSecond: Math.round(r.events / r.elapsedSeconds),
            ackLatencyMs: { p50: round(ack.p50), p95: round(ack.p95), p99: round(ack.p99) },
            allStoredAfterSeconds: round(storedSeconds),
            storedPerSecond: Math.round(r.events / storedSeconds),
            allStored: stored,
          });
        } finally {
          await stopAll(children);
          await app.stop();
        }
      }
    } finally {
      await idb.end();
      const { jsm } = await nats(natsUrl);
      for (const kind of ["events", "membership", "journeys"] as const) await jsm.streams.delete(streamName({ url: natsUrl, prefix, partitions: 16, ackWaitMs: 30_000, replicas: 1 }, kind)).catch(() => undefined);
      await closeNats();
    }
    return { segmentLanes: LANES, touchedProfiles: segmentRuns[0]?.profiles ?? 0, segments: segmentRuns, ingest };
  },
};
