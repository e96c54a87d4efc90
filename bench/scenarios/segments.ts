import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { readBatch, acknowledge, TOPICS } from "../../lib/bus";
import { closePool, disconnectDb } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { previewSegment, PREVIEW_TIMEOUT_MS } from "../../lib/segments";
import { benchEnv, startAppServer } from "../app-server";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";
import { ensureLiveSegments, PREVIEW_DEFINITIONS, segmentsDatabase } from "../segments-fixture";

const round = (n: number) => Math.round(n * 10) / 10;
const root = path.resolve(__dirname, "..", "..");

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

/** CPU seconds of every process on the machine whose command is `postgres`: the benchmark's database server, and any other one (idle here). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") total += cpuSeconds(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The machine's busy and total CPU time so far (all cores), from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total }; // idle and iowait
}

const EVENTS = ["Product Viewed", "Product Viewed", "Product Added", "Order Completed", "Home"];

/**
 * `rate` events a second for `seconds` to the app's batch endpoint, 20 requests a second, each
 * event for one of `customers`; the moment each event's acknowledgement was read goes in `acked`.
 */
async function sendLoad(o: { url: string; auth: string; customers: string[]; rate: number; seconds: number; acked: Map<string, number> }): Promise<{ sent: number; failed: number; elapsed: number }> {
  const perTick = Math.max(1, Math.round(o.rate / 20));
  const started = performance.now();
  let sent = 0;
  let failed = 0;
  const inflight: Promise<void>[] = [];
  for (let tick = 0; performance.now() - started < o.seconds * 1000; tick++) {
    const batch = Array.from({ length: perTick }, (_, i) => {
      const event = EVENTS[(tick * perTick + i) % EVENTS.length]!;
      const props = event === "Order Completed" ? { revenue: 20 + ((tick + i) % 80) } : event === "Home" ? { path: "/" } : { category: ["Coffee", "Tea", "Equipment"][(tick + i) % 3], price: 15 };
      return { type: event === "Home" ? "page" : "track", ...(event === "Home" ? { name: "Home" } : { event }), userId: o.customers[(tick * 7919 + i * 104729) % o.customers.length], messageId: `b-${tick}-${i}-${randomBytes(3).toString("hex")}`, properties: props };
    });
    const p = fetch(`${o.url}/v1/batch`, { method: "POST", headers: { "content-type": "application/json", authorization: o.auth }, body: JSON.stringify({ batch }) }).then(async (res) => {
      await res.arrayBuffer();
      const at = Date.now();
      if (res.ok) for (const m of batch) o.acked.set(m.messageId, at);
      else failed++;
    });
    inflight.push(p);
    sent += batch.length;
    const next = started + (tick + 1) * 50;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(inflight);
  return { sent, failed, elapsed: (performance.now() - started) / 1000 };
}

/** Waits (up to 30 s) until the segment worker has taken every queued profile; returns how many are left. */
async function drain(db: pg.Client): Promise<number> {
  let backlog = 0;
  for (let i = 0; i < 150; i++) {
    backlog = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM segment_queue")).rows[0]!.n);
    if (backlog === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return backlog;
}

/**
 * On generated data ending now: preview counts of three typical 3-condition definitions; 50 live
 * segments built from history; then events sent over HTTP at a steady rate while a bus consumer
 * times each membership change from the acknowledgement of the event that caused it; time-based
 * flips timed against their due moment; and the segment worker's CPU while no events arrive.
 */
export const segmentsScenario: Scenario = {
  name: "segments",
  description: "Preview count latency; live membership change latency under a steady event rate with 50 segments; time-based flip lateness; idle worker CPU",
  target: "preview p95 under 1 s; event acknowledged to membership change published p99 under 500 ms at 2,000 events/s with 50 live segments; time flips within 5 s; idle CPU near zero (large: 1M profiles, 20M events)",
  async run({ adminUrl, size, gen: requested, log }) {
    const rate = Number(process.env.BENCH_RATE ?? 2000);
    const seconds = Number(process.env.BENCH_SECONDS ?? 120);
    const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
    const { url, workspaceId, gen } = await segmentsDatabase(adminUrl, size, requested, log);
    // lib/ code reads DATABASE_URL through its shared pool: point it at the benchmark database.
    const previousUrl = process.env.DATABASE_URL;
    await Promise.all([closePool(), disconnectDb()]);
    process.env.DATABASE_URL = url;
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const now = new Date();
    try {
      // 1. Preview counts, warm: each definition five times after one warm-up, as the builder asks
      // first (an estimate from the sample in a big workspace) and then exactly.
      log("preview counts…");
      const preview: Record<string, unknown>[] = [];
      const first: number[] = [];
      const exactAll: number[] = [];
      for (const p of process.env.BENCH_PREVIEW === "0" ? [] : PREVIEW_DEFINITIONS) {
        // A preview that runs into the product's time limit counts as the limit and is reported, not fatal.
        const once = async (exact: boolean) => {
          const t = performance.now();
          try {
            const result = await previewSegment({ workspaceId, definition: p.definition, now, exact });
            return { ms: performance.now() - t, result };
          } catch (e) {
            if (!(e instanceof AppError) || e.code !== "timeout") throw e;
            return { ms: PREVIEW_TIMEOUT_MS, result: null };
          }
        };
        const timed = async (exact: boolean) => {
          await once(exact);
          let last = (await once(exact)).result;
          const times: number[] = [];
          let timeouts = 0;
          for (let i = 0; i < 5; i++) {
            const r = await once(exact);
            times.push(r.ms);
            if (r.result) last = r.result;
            else timeouts++;
          }
          return { times, last, timeouts };
        };
        const quick = await timed(false);
        const exact = await timed(true);
        first.push(...quick.times);
        exactAll.push(...exact.times);
        const est = quick.last?.estimate ?? null;
        const exactCount = exact.last?.count ?? null;
        // Figures a timed-out preview could not give are left out (the JSON has no nulls).
        preview.push({
          definition: p.name,
          ...(exactCount !== null ? { members: exactCount } : {}),
          firstAnswer: { ...(quick.last ? { count: quick.last.count } : {}), kind: est ? "estimate" : "exact (a small workspace)", ...(est ? { interval95: est } : {}), p50Ms: round(percentiles(quick.times).p50), maxMs: round(percentiles(quick.times).max), timeouts: quick.timeouts },
          exact: { p50Ms: round(percentiles(exact.times).p50), maxMs: round(percentiles(exact.times).max), timeouts: exact.timeouts },
          ...(est && quick.last && exactCount !== null ? { estimateErrorPercent: round((100 * (quick.last.count - exactCount)) / Math.max(1, exactCount)) } : {}),
          exactWithinInterval: est && exactCount !== null ? exactCount >= est.low && exactCount <= est.high : exactCount !== null,
        });
      }
      const previewFirst = percentiles(first);
      const previewExact = percentiles(exactAll);

      // 2. 50 live segments, built from history.
      log("creating 50 segments and building them from history (kept from an earlier run when there is one)…");
      const { built, totalMembers } = await ensureLiveSegments(db, workspaceId);
      await db.query("TRUNCATE bus_messages, bus_cursors");
      const rebuild = percentiles(built);

      // 3. Live: the segment worker as its own process, the production build taking events.
      // 20,000 customers from a different place in the list each run: a run's customers were not
      // the last run's (whose recent events would leave nothing to change), and no one's history
      // grows run after run.
      const known = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM identities WHERE workspace_id = $1 AND kind = 'user_id'", [workspaceId])).rows[0]!.n);
      const offset = Math.floor(Math.random() * Math.max(0, known - 20000));
      const users = (await db.query<{ value: string }>("SELECT value FROM identities WHERE workspace_id = $1 AND kind = 'user_id' ORDER BY value OFFSET $2 LIMIT 20000", [workspaceId, offset])).rows.map((r) => r.value);
      const writeKey = randomBytes(24).toString("base64url");
      await db.query("INSERT INTO sources (id, workspace_id, name, write_key) VALUES ($1, $2, 'Benchmark live', $3)", [`src_${randomBytes(8).toString("hex")}`, workspaceId, writeKey]);
      // The timing consumer starts at the end of the change log (the membership topic's outbox):
      // earlier runs' changes are not this run's.
      const consumer = `bench-${randomBytes(4).toString("hex")}`;
      await db.query("INSERT INTO bus_cursors (consumer, topic, txid, id) SELECT $1, $2, txid, id FROM segment_changes WHERE txid IS NOT NULL ORDER BY txid DESC, id DESC LIMIT 1", [consumer, TOPICS.segmentMembership]);
      // BENCH_CPU_PROF=<dir>: the worker writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
      const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const worker = spawn(process.execPath, [...profile, "--import", "tsx", path.join(root, "workers", "run.ts"), "segments"], { cwd: root, env: benchEnv(url), stdio: ["ignore", "ignore", "inherit"] });
      log("starting the production build…");
      const app = await startAppServer(url);
      const auth = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
      const acked = new Map<string, number>();
      // Each change an event caused, with when the bus consumer saw it: matched with the event's
      // acknowledgement at the end (a change can be seen before its HTTP response is read).
      const seenChanges: { message: string; seen: number }[] = [];
      const lateness: number[] = [];
      let published = 0;
      let consuming = true;
      const consumerDb = new pg.Client({ connectionString: url });
      await consumerDb.connect();
      const consume = (async () => {
        while (consuming) {
          const batch = await readBatch(consumerDb, consumer, TOPICS.segmentMembership, 2000);
          const seen = Date.now();
          for (const m of batch) {
            const p = m.payload as { cause: string; detail: string | null; at: string };
            published++;
            const msg = p.detail?.match(/\(message ([^)]+)\)/)?.[1];
            if (p.cause === "event" && msg) seenChanges.push({ message: msg, seen });
            const due = p.detail?.match(/\(due ([^)]+)\)/)?.[1];
            if (p.cause === "time" && due) lateness.push(seen - Date.parse(due));
          }
          if (batch.length) await acknowledge(consumerDb, consumer, batch[batch.length - 1]!);
          else await new Promise((r) => setTimeout(r, 20));
        }
      })();
      try {
        await new Promise((r) => setTimeout(r, 3000));
        // Timers that fell due while no worker ran (between runs) are worked off first, and timed
        // on their own: the live figures are those of a worker that is keeping up.
        log("catching up on timers that fell due while no worker ran…");
        const catchUpStarted = performance.now();
        let dueBacklog = 0;
        for (let i = 0; i < 600; i++) {
          dueBacklog = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM segment_timers WHERE due_at <= now() - interval '2 seconds'")).rows[0]!.n);
          if (dueBacklog === 0) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        // …and the changes they published read by the consumer: until then, flips of the backlog
        // would count as late flips of the timed run.
        for (let i = 0, seen = -1; i < 240 && seen !== published; i++) {
          seen = published;
          await new Promise((r) => setTimeout(r, 500));
        }
        const catchUp = { seconds: round((performance.now() - catchUpStarted) / 1000), flips: lateness.length, leftDue: dueBacklog };
        // One steady stream: its first BENCH_WARMUP_SECONDS (20) are the warm-up, timed apart. The
        // stream starts with a spike no steady load has (the first 2 s bring 4,000 customers' first
        // events, each entering several short-window segments: ~10,000 changes a second; after it,
        // ~100 customers a second come back after a while), on a database and worker just started.
        const warmSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 20);
        lateness.length = 0;
        log(`${rate} events/s for ${warmSeconds} s of warm-up and ${seconds} s timed…`);
        const loadStartedAt = Date.now();
        let cpuAtStart = { worker: 0, postgres: 0, machine: { busy: 0, total: 0 } };
        const cpuMark = setTimeout(() => (cpuAtStart = { worker: cpuSeconds(worker.pid!), postgres: postgresCpuSeconds(), machine: machineCpu() }), warmSeconds * 1000);
        const { sent, failed, elapsed: total } = await sendLoad({ url: app.url, auth, customers: users, rate, seconds: warmSeconds + seconds, acked });
        clearTimeout(cpuMark);
        const elapsed = total - warmSeconds;
        const m = machineCpu();
        const cpu = {
          machineBusyPercent: round((100 * (m.busy - cpuAtStart.machine.busy)) / Math.max(1, m.total - cpuAtStart.machine.total)),
          segmentsWorkerPercentOfOneCore: round((100 * (cpuSeconds(worker.pid!) - cpuAtStart.worker)) / elapsed),
          postgresPercentOfOneCore: round((100 * (postgresCpuSeconds() - cpuAtStart.postgres)) / elapsed),
        };
        log("draining…");
        const backlog = await drain(db);
        await new Promise((r) => setTimeout(r, 2000));
        // 4. Idle: no events; the worker only flips what time makes due.
        log(`idle for ${idleSeconds} s…`);
        const flipsBefore = lateness.length;
        const cpu0 = cpuSeconds(worker.pid!);
        await new Promise((r) => setTimeout(r, idleSeconds * 1000));
        const idleCpu = cpuSeconds(worker.pid!) - cpu0;
        const idleFlips = lateness.length - flipsBefore;
        consuming = false;
        await consume;
        // Every change an event caused, timed from the event's acknowledgement: after the warm-up
        // (the figure the target is about), in the warm-up, and over the whole stream.
        const timed = seenChanges.filter((c) => acked.has(c.message)).map((c) => ({ ms: Math.max(0, c.seen - acked.get(c.message)!), after: acked.get(c.message)! - loadStartedAt }));
        const figures = (list: number[]) => {
          const q = percentiles(list);
          return { changesTimed: list.length, ackToPublishedMs: { p50: round(q.p50), p95: round(q.p95), p99: round(q.p99), max: round(q.max) } };
        };
        const afterWarmUp = figures(timed.filter((t) => t.after >= warmSeconds * 1000).map((t) => t.ms));
        // How the latency moved through the load, second by second (the log, not the figures).
        const bySecond: number[][] = [];
        for (const t of timed) (bySecond[Math.floor(t.after / 1000)] ??= []).push(t.ms);
        log(`p99 by second of the load (changes): ${bySecond.map((l, i) => `${i}:${Math.round(percentiles(l ?? []).p99)}(${l?.length ?? 0})`).join(" ")}`);
        const late = percentiles(lateness);
        return {
          data: { profiles: gen.profiles, events: gen.events, endsAt: new Date(gen.endMs).toISOString() },
          preview: {
            firstAnswer: { p50Ms: round(previewFirst.p50), p95Ms: round(previewFirst.p95), maxMs: round(previewFirst.max), runs: first.length },
            exact: { p50Ms: round(previewExact.p50), p95Ms: round(previewExact.p95), maxMs: round(previewExact.max), runs: exactAll.length },
            definitions: preview,
          },
          rebuild: { segments: built.length, keptFromEarlierRun: 50 - built.length, p50Ms: round(rebuild.p50), maxMs: round(rebuild.max), totalSeconds: round(built.reduce((s, x) => s + x, 0) / 1000), members: totalMembers },
          live: {
            targetEventsPerSecond: rate,
            eventsPerSecond: Math.round(sent / total),
            eventsSent: sent,
            failedRequests: failed,
            membershipChangesPublished: published,
            queuedProfilesLeftAfter30sDrain: backlog,
            timedSeconds: seconds,
            ...afterWarmUp,
            warmUp: { seconds: warmSeconds, ...figures(timed.filter((t) => t.after < warmSeconds * 1000).map((t) => t.ms)) },
            wholeStream: figures(timed.map((t) => t.ms)),
            cpu,
          },
          catchUpOnStart: catchUp,
          timeFlips: { count: lateness.length, lateMs: { p50: round(late.p50), p99: round(late.p99), max: round(late.max) } },
          idle: { seconds: idleSeconds, workerCpuSeconds: Math.round(idleCpu * 100) / 100, workerCpuPercentOfOneCore: round((idleCpu / idleSeconds) * 100), timeFlipsDuringIdle: idleFlips },
        };
      } finally {
        consuming = false;
        await consume.catch(() => undefined);
        await consumerDb.end();
        await app.stop();
        await new Promise<void>((resolve) => {
          if (worker.exitCode !== null) return resolve();
          worker.once("exit", () => resolve());
          worker.kill("SIGTERM");
        });
      }
    } finally {
      await db.end();
      await Promise.all([closePool(), disconnectDb()]);
      process.env.DATABASE_URL = previousUrl;
    }
  },
};
