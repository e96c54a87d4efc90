import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { createDestination, createSync, requestRun, saveDestinationSchema, saveSyncSchema, updateSync } from "../../lib/activation";
import { publish, TOPICS } from "../../lib/bus";
import { closePool, disconnectDb } from "../../lib/db";
import { createSegment, definitionSchema } from "../../lib/segments";
import { pointAtBenchDatabase } from "../app-server";
import { freshDatabase } from "../database";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";

const root = path.resolve(__dirname, "..", "..");
const ACTOR = { type: "system" as const, label: "benchmark" };
const SECRET = "whsec_bench";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;

/** A webhook receiver that verifies every signature and notes when each profile's record arrived. */
async function receiver() {
  let records = 0;
  let badSignatures = 0;
  const arrivals = new Map<string, number>();
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const at = Date.now();
      const ts = String(req.headers["x-northstar-timestamp"]);
      if (req.headers["x-northstar-signature"] !== `v1=${createHmac("sha256", SECRET).update(`${ts}.${body}`).digest("hex")}`) badSignatures++;
      const batch = JSON.parse(body) as { records?: { op: string; id: string }[] };
      for (const r of batch.records ?? []) {
        records++;
        arrivals.set(r.id, at);
        const k = `${r.op}:${r.id}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    stats: () => ({ records, badSignatures, duplicates: [...seen.values()].filter((n) => n > 1).length }),
    reset: () => {
      records = 0;
      seen.clear();
      arrivals.clear();
    },
    arrivals,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function waitForRun(db: pg.Client, syncId: string, afterId: number, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(
      "SELECT id, kind, status, total, added, updated, removed, failed, error, extract(epoch FROM finished_at - queued_at) * 1000 AS queued_to_done_ms, extract(epoch FROM finished_at - started_at) * 1000 AS run_ms FROM sync_runs WHERE sync_id = $1 AND id > $2 AND status NOT IN ('queued', 'running') ORDER BY id DESC LIMIT 1",
      [syncId, afterId],
    );
    if (rows[0]) return rows[0] as { id: string; kind: string; status: string; total: number; added: number; updated: number; removed: number; failed: number; error: string | null; queued_to_done_ms: number; run_ms: number };
    if (Date.now() > deadline) throw new Error("the sync run did not finish in time");
    await sleep(100);
  }
}
const lastRunId = async (db: pg.Client, syncId: string) => Number((await db.query("SELECT coalesce(max(id), 0) AS id FROM sync_runs WHERE sync_id = $1", [syncId])).rows[0].id);

/** Moves profiles into or out of the segment the way the segment engine does: members and bus message in one transaction. */
async function changeMembership(db: pg.Client, workspaceId: string, segmentId: string, enter: string[], leave: string[]): Promise<number> {
  await db.query("BEGIN");
  if (enter.length) await db.query("INSERT INTO segment_members (segment_id, profile_id, since) SELECT $1, unnest($2::bigint[]), now()", [segmentId, enter]);
  if (leave.length) await db.query("DELETE FROM segment_members WHERE segment_id = $1 AND profile_id = ANY($2::bigint[])", [segmentId, leave]);
  const at = new Date().toISOString();
  const msg = (id: string, entered: boolean) => ({ topic: TOPICS.segmentMembership, key: `${workspaceId}:${id}`, payload: { workspaceId, segmentId, version: 1, profileId: id, entered, at, cause: "event", detail: null } });
  await publish(db, [...enter.map((id) => msg(id, true)), ...leave.map((id) => msg(id, false))]);
  await db.query("COMMIT");
  return Date.now();
}

/**
 * Activation against a local webhook receiver (signatures verified), the activation worker in its
 * own process: the initial sync of an N-member segment; an incremental run after 1 % of members
 * changed; a full diff that finds nothing; real-time membership change → delivery latency.
 */
export const activationScenario: Scenario = {
  name: "activation",
  description: "Initial sync of an N-member segment to a webhook; incremental run after 1% of members change; real-time change-to-delivery latency",
  target: "initial sync of 1,000,000 members under 60 s; incremental run after 1% change under 5 s; real-time change to delivery p99 under 2 s",
  async run({ adminUrl, size, gen, log }) {
    const members = gen.profiles;
    const changes = Math.max(2, Math.round(members / 100));
    const realtimeSeconds = Number(process.env.BENCH_SECONDS ?? 30);
    const realtimeRate = Number(process.env.BENCH_RATE ?? 20);
    const url = await freshDatabase(adminUrl, `northstar_bench_activation_${size.replace(/\W/g, "_")}`);
    const previousUrl = process.env.DATABASE_URL;
    const env = await pointAtBenchDatabase(url);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const hook = await receiver();
    let worker: ReturnType<typeof spawn> | null = null;
    try {
      log(`${members.toLocaleString()} members (+${changes.toLocaleString()} outside the segment)…`);
      const workspaceId = `ws_bench_${randomBytes(6).toString("hex")}`;
      await db.query("INSERT INTO workspaces (id, name, slug) VALUES ($1, 'Activation benchmark', $1)", [workspaceId]);
      let t = performance.now();
      await db.query(
        `INSERT INTO profiles (workspace_id, traits, consent, first_seen_at, last_seen_at, updated_at)
         SELECT $1, jsonb_build_object('email', 'person' || g || '@example.com', 'first_name', 'Person ' || g, 'plan', (ARRAY['basic','plus','pro'])[1 + g % 3]),
                '{"marketing_email": {"granted": true}}', now() - interval '30 days', now() - interval '1 day', now() - interval '1 day'
           FROM generate_series(1, $2::int) g`,
        [workspaceId, members + changes],
      );
      await db.query("INSERT INTO identities (workspace_id, kind, value, profile_id) SELECT $1, 'user_id', 'user_' || id, id FROM profiles WHERE workspace_id = $1", [workspaceId]);
      const segment = await createSegment({ workspaceId, actor: ACTOR, name: "Everyone with an email", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "trait", trait: "email", valueType: "string", op: "exists" }] }) });
      await db.query("INSERT INTO segment_members (segment_id, profile_id, since) SELECT $1, id, now() FROM profiles WHERE workspace_id = $2 ORDER BY id LIMIT $3", [segment.id, workspaceId, members]);
      await db.query("UPDATE segments SET built_version = version, status = 'live', member_count = $2 WHERE id = $1", [segment.id, members]);
      await db.query("ANALYZE profiles; ANALYZE segment_members; ANALYZE identities");
      const setupSeconds = round((performance.now() - t) / 1000);

      const destination = await createDestination({
        workspaceId,
        actor: ACTOR,
        input: saveDestinationSchema.parse({ kind: "webhook", name: "Local receiver", config: { url: hook.url, batchSize: "1000" }, secrets: { signingSecret: SECRET }, ratePerSecond: 500, concurrency: 4 }),
      });
      worker = spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "run.ts"), "activation"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
      await sleep(3000);

      // 1. Initial sync: everyone.
      log("initial sync…");
      const mapping = [{ from: "traits.email", to: "email" }, { from: "traits.first_name", to: "first_name" }, { from: "traits.plan", to: "plan" }, { from: "user_id", to: "user_id" }];
      t = performance.now();
      const sync = await createSync({ workspaceId, actor: ACTOR, input: saveSyncSchema.parse({ segmentId: segment.id, destinationId: destination.id, mode: "mirror", trigger: "schedule", everyMinutes: 1440, mapping }) });
      const initial = await waitForRun(db, sync.id, 0);
      const initialWall = (performance.now() - t) / 1000;
      const initialReceived = hook.stats();

      // 2. 1 % of members change (half leave, half enter), marked from the bus; then an incremental run.
      log(`${changes.toLocaleString()} membership changes, then an incremental run…`);
      // The profiles outside the segment are the last ones created.
      const outside = (await db.query("SELECT p.id::text FROM profiles p WHERE p.workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = $2 AND m.profile_id = p.id) ORDER BY p.id DESC LIMIT $3", [workspaceId, segment.id, changes])).rows.map((r) => r.id as string);
      const leaving = (await db.query("SELECT profile_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY profile_id DESC LIMIT $2", [segment.id, Math.floor(changes / 2)])).rows.map((r) => r.id as string);
      const entering = outside.slice(0, changes - leaving.length);
      for (let i = 0; i < Math.max(entering.length, leaving.length); i += 5000) await changeMembership(db, workspaceId, segment.id, entering.slice(i, i + 5000), leaving.slice(i, i + 5000));
      while (Number((await db.query("SELECT count(*) AS n FROM sync_dirty WHERE sync_id = $1", [sync.id])).rows[0].n) < changes) await sleep(100);
      hook.reset();
      let after = await lastRunId(db, sync.id);
      t = performance.now();
      await requestRun({ workspaceId, syncId: sync.id, kind: "incremental", requestedBy: "benchmark" });
      const incremental = await waitForRun(db, sync.id, after);
      const incrementalWall = (performance.now() - t) / 1000;
      const incrementalReceived = hook.stats();

      // 3. A full diff that finds nothing to send (the daily reconciliation), as a real-time sync now.
      log("full diff with nothing changed…");
      hook.reset();
      after = await lastRunId(db, sync.id);
      await updateSync({ workspaceId, actor: ACTOR, syncId: sync.id, input: saveSyncSchema.parse({ segmentId: segment.id, destinationId: destination.id, mode: "mirror", trigger: "realtime", mapping }) });
      const noop = await waitForRun(db, sync.id, after);

      // 4. Real time: single membership changes at a steady rate, each timed from commit to arrival.
      log(`real time: ${realtimeRate} changes/s for ${realtimeSeconds} s…`);
      hook.reset();
      const committed = new Map<string, number>();
      const pool = [...entering];
      const outsideNow = leaving.slice();
      const started = performance.now();
      for (let i = 0; performance.now() - started < realtimeSeconds * 1000; i++) {
        const leave = i % 2 === 0 && pool.length > 0;
        const id = leave ? pool.shift()! : outsideNow.shift();
        if (!id) break;
        const at = await changeMembership(db, workspaceId, segment.id, leave ? [] : [id], leave ? [id] : []);
        (leave ? outsideNow : pool).push(id);
        committed.set(id, at);
        await sleep(Math.max(0, started + ((i + 1) * 1000) / realtimeRate - performance.now()));
      }
      const deadline = Date.now() + 30_000;
      while ([...committed.keys()].some((id) => !hook.arrivals.has(id)) && Date.now() < deadline) await sleep(100);
      const latencies = [...committed].filter(([id]) => hook.arrivals.has(id)).map(([id, at]) => hook.arrivals.get(id)! - at);
      const realtime = percentiles(latencies);
      const received = hook.stats();

      return {
        members,
        setupSeconds,
        destination: { kind: "webhook", recordsPerRequest: 1000, requestsPerSecondLimit: 500, concurrency: 4, signaturesVerified: true },
        initialSync: {
          status: initial.status,
          added: initial.added,
          seconds: round(initial.run_ms / 1000),
          queuedToDoneSeconds: round(initial.queued_to_done_ms / 1000),
          wallSeconds: round(initialWall),
          recordsPerSecond: Math.round(initial.added / (initial.run_ms / 1000)),
          received: initialReceived.records,
          badSignatures: initialReceived.badSignatures,
        },
        incremental: {
          status: incremental.status,
          changedMembers: changes,
          candidates: incremental.total,
          added: incremental.added,
          removed: incremental.removed,
          seconds: round(incremental.run_ms / 1000),
          queuedToDoneSeconds: round(incremental.queued_to_done_ms / 1000),
          wallSeconds: round(incrementalWall),
          received: incrementalReceived.records,
          duplicates: incrementalReceived.duplicates,
        },
        fullDiffNothingChanged: { status: noop.status, seconds: round(noop.run_ms / 1000), sent: noop.added + noop.updated + noop.removed },
        realtime: {
          changes: committed.size,
          delivered: latencies.length,
          ratePerSecond: realtimeRate,
          changeToDeliveryMs: { p50: Math.round(realtime.p50), p95: Math.round(realtime.p95), p99: Math.round(realtime.p99), max: Math.round(realtime.max) },
          badSignatures: received.badSignatures,
        },
      };
    } finally {
      if (worker && worker.exitCode === null) {
        const exited = new Promise((r) => worker!.once("exit", r));
        worker.kill("SIGTERM");
        await exited;
      }
      await hook.close();
      await db.end();
      await Promise.all([closePool(), disconnectDb()]);
      process.env.DATABASE_URL = previousUrl;
    }
  },
};
