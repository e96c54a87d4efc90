import pg from "pg";
import { closePool, disconnectDb } from "../../lib/db";
import { ensureDataWorkspace, loadIntoDatabase } from "../../lib/demo";
import { enforceRetention, fileRequest, getRequest, processPrivacyRequest, savePolicy } from "../../lib/privacy";
import { freshDatabase } from "../database";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";

const ACTOR = { type: "system" as const, label: "privacy benchmark" };
const ms = (n: number) => Math.round(n);

/** Files one request and processes it as the privacy worker would; the time from filing to completed. */
async function timed(workspaceId: string, kind: "access" | "erasure", email: string) {
  const t = performance.now();
  const r = await fileRequest({ workspaceId, actor: ACTOR, channel: "api", input: { kind, identifierKind: "email", identifier: email } });
  while (await processPrivacyRequest()) {
    // the one just filed
  }
  const done = await getRequest({ workspaceId, requestId: r.id });
  if (done.status !== "completed") throw new Error(`request ${r.id} ended ${done.status}: ${done.error}`);
  return { ms: performance.now() - t, result: done.result };
}

/**
 * Data subject requests and retention on the generated data (its own database: it is changed):
 * 20 erasures and 10 access exports of people with an email, one after another, each from filing
 * to completed (destinations: none); then a 30-day default retention enforced over the whole history.
 */
export const privacyScenario: Scenario = {
  name: "privacy",
  description: "erasure and access requests, filed to completed; one retention run (30-day default) over the whole history",
  target: "each request done within minutes (issue #10); retention reports what it removed",
  async run({ adminUrl, size, gen, log }) {
    const url = await freshDatabase(adminUrl, `northstar_bench_privacy_${size.replace(/\W/g, "_")}`);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const previousUrl = process.env.DATABASE_URL;
    try {
      const ws = await ensureDataWorkspace(c, "Benchmark privacy");
      const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
      log(`generating ${size}: ${gen.profiles.toLocaleString()} profiles, ~${gen.events.toLocaleString()} events…`);
      await loadIntoDatabase({ connectionString: url, workspaceId: ws.id, gen: { ...gen, endMs } });
      await c.query("VACUUM ANALYZE");
      await Promise.all([closePool(), disconnectDb()]);
      process.env.DATABASE_URL = url;
      const { rows } = await c.query<{ value: string }>("SELECT value FROM identities WHERE workspace_id = $1 AND kind = 'email' ORDER BY md5(value) LIMIT 30", [ws.id]);
      const emails = rows.map((r) => r.value);
      log("access requests…");
      const access = [];
      for (const e of emails.slice(20)) access.push(await timed(ws.id, "access", e));
      log("erasures…");
      const erasures = [];
      for (const e of emails.slice(0, 20)) erasures.push(await timed(ws.id, "erasure", e));
      const events = erasures.map((x) => x.result.removed?.events ?? 0);
      const rowsRemoved = erasures.map((x) => Object.values(x.result.removed ?? {}).reduce((a, b) => a + b, 0));
      log("retention…");
      await savePolicy({ workspaceId: ws.id, actor: ACTOR, input: { event: "", keepDays: 30 } });
      const before = Number((await c.query("SELECT count(*) AS n FROM events WHERE workspace_id = $1", [ws.id])).rows[0].n);
      const t = performance.now();
      const runs = await enforceRetention();
      const mine = runs.find((r) => r.workspaceId === ws.id);
      return {
        erasure: { requests: erasures.length, ...Object.fromEntries(Object.entries(percentiles(erasures.map((x) => x.ms))).map(([k, v]) => [`${k}Ms`, ms(v)])), eventsPerPersonAvg: Math.round(events.reduce((a, b) => a + b, 0) / events.length), rowsPerPersonAvg: Math.round(rowsRemoved.reduce((a, b) => a + b, 0) / rowsRemoved.length) },
        access: { requests: access.length, ...Object.fromEntries(Object.entries(percentiles(access.map((x) => x.ms))).map(([k, v]) => [`${k}Ms`, ms(v)])), eventsPerPersonAvg: Math.round(access.reduce((a, x) => a + (x.result.sections?.events ?? 0), 0) / access.length) },
        retention: { eventsBefore: before, removed: mine?.total ?? 0, partitionsDropped: mine?.partitionsDropped.length ?? 0, seconds: Math.round((performance.now() - t) / 100) / 10 },
      };
    } finally {
      await c.end();
      await Promise.all([closePool(), disconnectDb()]);
      if (previousUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previousUrl;
    }
  },
};
