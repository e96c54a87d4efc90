import { randomBytes } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { startAppServer } from "../app-server";
import { freshDatabase } from "../database";
import { request, startSlimServer, steadyLoad } from "../load";
import { seedApiWorkspace } from "../profiles-fixture";
import type { Scenario } from "../scenario";

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
    const { secret, ids } = await seedApiWorkspace(db, ws, "Profile API benchmark", people);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const call = (base: URL, identifier: string) => request(agent, base, { path: `/api/v1/profiles/${encodeURIComponent(identifier)}`, headers: { authorization: `Bearer ${secret}` } });
    const pick = () => {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const k = Math.floor(Math.random() * 3);
      return k === 0 ? `user_${id}` : k === 1 ? `person${Number(id) - Number(ids[0]) + 1}@example.com` : `anon_${id}`;
    };
    const measure = (label: string, base: URL) => steadyLoad({ rate, seconds, label, log, call: () => call(base, pick()) });
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
