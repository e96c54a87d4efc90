import { randomBytes } from "node:crypto";
import pg from "pg";
import { ensureDataWorkspace, eventCopyLines } from "../../lib/demo";
import { startAppServer } from "../app-server";
import { freshDatabase } from "../database";
import { prepareBatches, sendBatches } from "../http-load";
import { percentiles, rawCopyRowsPerSecond } from "../reference";
import type { Scenario } from "../scenario";

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Concurrent clients POST 500-event Segment batches to the production build for a fixed time;
 * every 200 counts only after the events are committed. Then single events are sent one by one
 * and their profile is read back, for the time an event takes to show on its profile.
 */
export const ingestScenario: Scenario = {
  name: "ingest",
  description: "Sustained events/s through POST /v1/batch with durable acknowledgement, ack latency, time to show on the profile",
  target: "at least 20,000 events/s with p99 ack under 250 ms; event visible on its profile p99 under 200 ms (2 cores)",
  async run({ adminUrl, gen, log }) {
    const clients = Number(process.env.BENCH_CLIENTS ?? 4);
    const seconds = Number(process.env.BENCH_SECONDS ?? 60);
    const url = await freshDatabase(adminUrl, "northstar_bench_ingest");
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const ws = await ensureDataWorkspace(db, "Benchmark");
    const writeKey = randomBytes(24).toString("base64url");
    await db.query("INSERT INTO sources (id, workspace_id, name, write_key) VALUES ($1, $2, 'Benchmark', $3)", [`src_${randomBytes(8).toString("hex")}`, ws.id, writeKey]);
    log("starting the production build…");
    const app = await startAppServer(url);
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
    try {
      log("preparing batches…");
      const prepared = prepareBatches(gen);
      log(`${clients} clients for ${seconds} s…`);
      const { events, failures, latencies, elapsedSeconds: elapsed } = await sendBatches({ url: app.url, auth, prepared, clients, seconds });
      const stored = Number((await db.query("SELECT count(*) FROM events WHERE workspace_id = $1", [ws.id])).rows[0].count);

      log("time to show on the profile…");
      const visible: number[] = [];
      for (let i = 0; i < 100; i++) {
        const anonymousId = `visible-${i}-${randomBytes(4).toString("hex")}`;
        const t = performance.now();
        await (await fetch(`${app.url}/v1/track`, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify({ anonymousId, event: "Visibility Probe" }) })).arrayBuffer();
        for (;;) {
          const r = await db.query("SELECT p.event_count FROM identities i JOIN profiles p ON p.id = i.profile_id WHERE i.workspace_id = $1 AND i.kind = 'anonymous_id' AND i.value = $2", [ws.id, anonymousId]);
          if (r.rows[0]?.event_count >= 1) break;
        }
        visible.push(performance.now() - t);
      }
      log("raw COPY reference…");
      const reference = await rawCopyRowsPerSecond(url, eventCopyLines(gen, "reference", 200_000));
      const ack = percentiles(latencies);
      const vis = percentiles(visible);
      const eventsPerSecond = Math.round(events / elapsed);
      return {
        clients,
        seconds: round(elapsed),
        requests: latencies.length,
        failedRequests: failures,
        eventsAcknowledged: events,
        eventsStored: stored,
        eventsPerSecond,
        ackLatencyMs: { p50: round(ack.p50), p95: round(ack.p95), p99: round(ack.p99), max: round(ack.max) },
        visibleOnProfileMs: { p50: round(vis.p50), p99: round(vis.p99), samples: visible.length },
        reference: { rawCopyRowsPerSecond: reference },
        ratioToRawCopy: Math.round((eventsPerSecond / reference) * 1000) / 1000,
      };
    } finally {
      await app.stop();
      await db.end();
    }
  },
};
