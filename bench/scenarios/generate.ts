import pg from "pg";
import { ensureDataWorkspace, eventCopyLines, loadIntoDatabase } from "../../lib/demo";
import { freshDatabase } from "../database";
import { rawCopyRowsPerSecond } from "../reference";
import type { Scenario } from "../scenario";

/** Generator throughput straight into PostgreSQL, against raw COPY of the same rows. */
export const generateScenario: Scenario = {
  name: "generate",
  description: "Generate a data set and COPY it into PostgreSQL (profiles, identities, partitioned and indexed events)",
  target: "large (1M profiles, ~20M events) loads in under 10 minutes on 2 cores",
  async run({ adminUrl, gen, log }) {
    const url = await freshDatabase(adminUrl, "northstar_bench_generate");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const ws = await ensureDataWorkspace(client, "Benchmark");
      log("loading…");
      const r = await loadIntoDatabase({ connectionString: url, workspaceId: ws.id, gen });
      const secs = r.ms / 1000;
      const referenceRows = Math.min(r.events, 500_000);
      log(`raw COPY reference on ${referenceRows} rows…`);
      const reference = await rawCopyRowsPerSecond(url, eventCopyLines(gen, "reference", referenceRows));
      const eventsPerSecond = Math.round(r.events / secs);
      return {
        profiles: r.profiles,
        identities: r.identities,
        events: r.events,
        seconds: Math.round(secs * 10) / 10,
        eventsPerSecond,
        rowsPerSecond: Math.round((r.profiles + r.identities + r.events) / secs),
        reference: { rawCopyRowsPerSecond: reference, rows: referenceRows, what: "COPY of the same event rows into an unindexed, unpartitioned table" },
        ratioToRawCopy: Math.round((eventsPerSecond / reference) * 1000) / 1000,
      };
    } finally {
      await client.end();
    }
  },
};
