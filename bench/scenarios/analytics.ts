import pg from "pg";
import { buildNextBreakdownRollup, buildNextEventPeople, buildNextRollup, insightSchema, runInsight, startCollecting, type Insight } from "../../lib/analytics";
import { requestBreakdownRollups } from "../../lib/analytics/breakdown-rollups";
import { closePool, disconnectDb } from "../../lib/db";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";
import { segmentsDatabase } from "../segments-fixture";

const RUNS = 5;
const ms = (n: number) => Math.round(n);

const uniques = insightSchema.parse({ type: "trends", series: [{ event: "Product Viewed", measure: "uniques" }], range: { kind: "last", amount: 30, unit: "days" }, interval: "day" });
const funnel = insightSchema.parse({ type: "funnel", steps: [{ event: "Product Viewed" }, { event: "Product Added" }, { event: "Order Completed" }], window: { amount: 1, unit: "days" }, range: { kind: "last", amount: 30, unit: "days" } });
const byCategory = insightSchema.parse({ type: "trends", series: [{ event: "Product Viewed" }], range: { kind: "last", amount: 30, unit: "days" }, interval: "day", breakdown: { kind: "property", property: "category" } });

/** `firstAnswer`: what the page shows first (a funnel on a big workspace: the sample's estimate); the others are exact. */
const INSIGHTS: { name: string; target: string; insight: Insight; rollups?: false; firstAnswer?: true }[] = [
  { name: "trend30dRawEvents", target: "— (the same trend counted from events, without rollups)", rollups: false, insight: insightSchema.parse({ type: "trends", series: [{ event: "Product Viewed" }], range: { kind: "last", amount: 30, unit: "days" }, interval: "day" }) },
  { name: "trend30d", target: "p95 < 500 ms", insight: insightSchema.parse({ type: "trends", series: [{ event: "Product Viewed" }], range: { kind: "last", amount: 30, unit: "days" }, interval: "day" }) },
  { name: "trend30dByCategoryRawEvents", target: "— (the same breakdown counted from events)", rollups: false, insight: byCategory },
  { name: "trend30dByCategory", target: "p95 < 500 ms", insight: byCategory },
  { name: "trend30dUniquesRawEvents", target: "— (the same unique people counted from events)", rollups: false, insight: uniques },
  { name: "trend30dUniques", target: "p95 < 500 ms (a 30-day daily trend)", insight: uniques },
  { name: "funnel3steps30dFromEvents", target: "— (the same funnel, step 1 read from events)", rollups: false, insight: funnel },
  { name: "funnel3steps30d", target: "p95 < 2 s", insight: funnel },
  {
    name: "funnel3steps30dFirstAnswer",
    target: "p95 < 2 s (the estimate from the sample of 1 in 64 people, shown until the exact counts come)",
    firstAnswer: true,
    insight: funnel,
  },
  {
    name: "retention8weeks",
    target: "p95 < 2 s",
    insight: insightSchema.parse({ type: "retention", cohort: { kind: "event", event: "Order Completed" }, returnEvent: { event: "Order Completed" }, period: "week", periods: 8, range: { kind: "last", amount: 8, unit: "weeks" } }),
  },
];

/**
 * On the generated data ending at the current hour, with the hourly rollups built: each insight run five times after one warm-up
 * (PostgreSQL's buffers warm, the app's result cache bypassed), then five times through the result
 * cache; `SELECT count(*)` over the same 30 days as the reference.
 */
export const analyticsScenario: Scenario = {
  name: "analytics",
  description: "30-day daily trend, 3-step funnel over 30 days, 8-week retention grid: cold (no result cache) and cached; count(*) over 30 days as reference",
  target: "trend p95 < 500 ms; funnel p95 < 2 s; retention p95 < 2 s; warm cache < 100 ms (large: 20M events)",
  async run({ adminUrl, size, gen: requested, log }) {
    const { url, workspaceId } = await segmentsDatabase(adminUrl, size, requested, log);
    const previousUrl = process.env.DATABASE_URL;
    await Promise.all([closePool(), disconnectDb()]);
    process.env.DATABASE_URL = url;
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const figures: Record<string, unknown> = {};
      // The hourly rollups the analytics worker keeps: counted from the whole history once.
      log("building the hourly rollups…");
      await db.query("DELETE FROM event_rollup_state WHERE workspace_id = $1", [workspaceId]);
      const built = performance.now();
      await buildNextRollup({ workspaceId });
      figures.rollupBuildSeconds = Math.round((performance.now() - built) / 100) / 10;
      // The breakdown a saved insight uses (product views by category): its pair counted from history.
      await db.query("DELETE FROM breakdown_rollup_pairs WHERE workspace_id = $1", [workspaceId]);
      await requestBreakdownRollups(workspaceId, byCategory);
      await startCollecting();
      const pair = performance.now();
      await buildNextBreakdownRollup({ workspaceId });
      figures.breakdownRollupBuildSeconds = Math.round((performance.now() - pair) / 100) / 10;
      // Who did each event in each hour, counted from the whole history.
      log("building event_people…");
      // (The table emptied first: a build over the rows of an earlier run would leave the index half empty.)
      await db.query("TRUNCATE event_people");
      await db.query("DELETE FROM event_people_state WHERE workspace_id = $1", [workspaceId]);
      const people = performance.now();
      await buildNextEventPeople({ workspaceId });
      figures.eventPeopleBuildSeconds = Math.round((performance.now() - people) / 100) / 10;
      await db.query("VACUUM ANALYZE event_people");
      figures.eventPeopleRows = Number((await db.query("SELECT count(*) AS n FROM event_people WHERE workspace_id = $1", [workspaceId])).rows[0].n);
      const ref: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const t = performance.now();
        await db.query("SELECT count(*) FROM events WHERE workspace_id = $1 AND ts > now() - interval '30 days'", [workspaceId]);
        if (i > 0) ref.push(performance.now() - t);
      }
      const refP50 = percentiles(ref).p50;
      figures.reference = { count30dP50Ms: ms(refP50) };
      for (const q of INSIGHTS) {
        log(`${q.name}…`);
        // A query that fails (the reference ones from the events can outlast the 30 s limit on a cold cache) is recorded, not fatal.
        try {
          const cold: number[] = [];
          for (let i = 0; i <= RUNS; i++) {
            const t = performance.now();
            await runInsight({ workspaceId, insight: q.insight, cache: false, rollups: q.rollups, exact: !q.firstAnswer });
            if (i > 0) cold.push(performance.now() - t);
          }
          const cached: number[] = [];
          await runInsight({ workspaceId, insight: q.insight, exact: !q.firstAnswer });
          for (let i = 0; i < RUNS; i++) {
            const t = performance.now();
            await runInsight({ workspaceId, insight: q.insight, exact: !q.firstAnswer });
            cached.push(performance.now() - t);
          }
          const c = percentiles(cold);
          const w = percentiles(cached);
          figures[q.name] = { target: q.target, p50Ms: ms(c.p50), p95Ms: ms(c.p95), ratioToCount30d: Math.round((c.p50 / refP50) * 100) / 100, cachedP95Ms: Math.round(w.p95 * 10) / 10 };
          if (q.firstAnswer) {
            // How far the first answer is from the exact one, step by step.
            const counts = (r: Awaited<ReturnType<typeof runInsight>>) => (r.type === "funnel" ? r.funnel.groups[0]!.steps.map((x) => x.count) : []);
            const first = await runInsight({ workspaceId, insight: q.insight });
            const exact = await runInsight({ workspaceId, insight: q.insight, exact: true });
            figures[q.name] = { ...(figures[q.name] as object), estimated: first.type === "funnel" && first.funnel.estimate !== null, firstCounts: counts(first), exactCounts: counts(exact) };
          }
        } catch (e) {
          figures[q.name] = { target: q.target, error: (e as Error).message };
        }
      }
      // The rollups' answers against the events' own, value by value.
      const answer = async (insight: Insight, rollups?: false) => {
        const r = await runInsight({ workspaceId, insight, cache: false, rollups, exact: true });
        return JSON.stringify(r.type === "trends" ? r.trends.lines.map((l) => [l.breakdown, l.values, l.total]) : r.type === "funnel" ? r.funnel.groups : null);
      };
      for (const [name, insight] of [["trend30dByCategory", byCategory], ["trend30dUniques", uniques], ["funnel3steps30d", funnel]] as const) {
        let same: boolean | string;
        try {
          same = (await answer(insight)) === (await answer(insight, false));
        } catch (e) {
          same = `not compared: ${(e as Error).message}`;
        }
        figures[name] = { ...(figures[name] as object), sameAsEvents: same };
      }
      return figures;
    } finally {
      await db.end();
      await Promise.all([closePool(), disconnectDb()]);
      process.env.DATABASE_URL = previousUrl;
    }
  },
};
