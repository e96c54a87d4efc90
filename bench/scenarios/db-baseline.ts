import pg from "pg";
import { ensureDataWorkspace, eventCopyLines, loadIntoDatabase } from "../../lib/demo";
import { freshDatabase } from "../database";
import { percentiles, rawCopyRowsPerSecond } from "../reference";
import type { Scenario } from "../scenario";

async function timeQuery(client: pg.Client, sql: string, params: unknown[], runs: number) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await client.query(sql, params);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const p = percentiles(ms);
  return { p50Ms: Math.round(p.p50 * 10) / 10, minMs: Math.round(p.min * 10) / 10, maxMs: Math.round(p.max * 10) / 10, runs };
}

/** What this machine's PostgreSQL does on its own: COPY rate and simple scans of the events table. */
export const dbBaselineScenario: Scenario = {
  name: "db-baseline",
  description: "Raw COPY rate, count(*) over events, and a 30-day count per event name with distinct profiles",
  target: "a reference, no target: other scenarios divide by these",
  async run({ adminUrl, gen, log }) {
    const url = await freshDatabase(adminUrl, "northstar_bench_baseline");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const ws = await ensureDataWorkspace(client, "Benchmark");
      log("loading data (not timed here; see the generate scenario)…");
      const loaded = await loadIntoDatabase({ connectionString: url, workspaceId: ws.id, gen });
      await client.query("VACUUM ANALYZE events");
      const copyRows = Math.min(loaded.events, 500_000);
      log("raw COPY…");
      const rawCopy = await rawCopyRowsPerSecond(url, eventCopyLines(gen, "reference", copyRows));
      log("queries…");
      const countAll = await timeQuery(client, "SELECT count(*) FROM events", [], 5);
      const since = new Date(gen.endMs - 30 * 86_400_000);
      const perEvent = await timeQuery(
        client,
        "SELECT event, count(*), count(DISTINCT profile_id) FROM events WHERE workspace_id = $1 AND ts >= $2 AND type = 'track' GROUP BY event",
        [ws.id, since],
        5,
      );
      return {
        events: loaded.events,
        profiles: loaded.profiles,
        rawCopy: { rowsPerSecond: rawCopy, rows: copyRows },
        countAllEvents: countAll,
        perEventLast30Days: perEvent,
        ratioPerEventToCountAll: Math.round((perEvent.p50Ms / Math.max(0.1, countAll.p50Ms)) * 100) / 100,
      };
    } finally {
      await client.end();
    }
  },
};
