import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { unmergeProfiles } from "../identity";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq, userActor } from "../testing/fixtures";
import { runFunnel } from "./funnel";
import { buildNextEventPeople, eventPeopleReady, recountEventPeopleBefore } from "./people";
import { buildNextRollup } from "./rollups";
import { funnelSchema, trendsSchema, type FunnelInsight, type TrendsInsight } from "./schema";
import { runTrends } from "./trends";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const DAY0 = Date.UTC(2026, 4, 1);
const STEPS = ["Product Viewed", "Product Added", "Order Completed"];

/** Shoppers over 20 days: bursts of views in the same hours (several rows per person-hour across batches), some adding and ordering. */
function shoppers(n: number, seed: number, who: (i: number) => { userId?: string; anonymousId?: string }) {
  return Array.from({ length: n }, (_, i) => {
    const k = (i * 7919 + seed * 104_729) % 9973;
    const t = DAY0 + (k % 20) * 86_400_000 + ((k * 37) % 86_400) * 1000;
    const step = k % 10 < 6 ? 0 : k % 10 < 9 ? 1 : 2;
    return parseMessage({ type: "track", ...who(i), event: STEPS[step], properties: { plan: k % 2 ? "pro" : "free" }, timestamp: new Date(t).toISOString(), messageId: uniq("m") }, { receivedAt: new Date("2026-05-25T00:00:00Z") });
  });
}

const funnels: FunnelInsight[] = [
  funnelSchema.parse({ type: "funnel", steps: STEPS.map((event) => ({ event })), window: { amount: 3, unit: "days" }, range: { kind: "between", from: "2026-05-02", to: "2026-05-15" } }),
  funnelSchema.parse({ type: "funnel", steps: STEPS.slice(0, 2).map((event) => ({ event })), window: { amount: 12, unit: "hours" }, range: { kind: "between", from: "2026-05-01", to: "2026-05-20" }, breakdown: { kind: "trait", trait: "tier" } }),
];
const uniques: TrendsInsight[] = [
  trendsSchema.parse({ type: "trends", series: [{ event: "Product Viewed", measure: "uniques" }, { event: "Order Completed", measure: "uniques" }], range: { kind: "between", from: "2026-05-03", to: "2026-05-18" }, interval: "day", compare: true }),
  trendsSchema.parse({ type: "trends", series: [{ event: "Product Added", measure: "uniques" }], range: { kind: "between", from: "2026-05-01", to: "2026-05-20" }, interval: "week", breakdown: { kind: "trait", trait: "tier" } }),
  trendsSchema.parse({ type: "trends", series: [{ event: "Product Viewed", measure: "uniques" }], range: { kind: "between", from: "2026-05-06", to: "2026-05-07" }, interval: "hour" }),
];

async function same(workspaceId: string) {
  for (const insight of funnels) {
    const exact = await runFunnel({ workspaceId, insight, rollups: false });
    const fromPeople = await runFunnel({ workspaceId, insight });
    expect(fromPeople.groups).toEqual(exact.groups);
    expect(exact.groups[0]!.steps[0]!.count).toBeGreaterThan(5);
  }
  let people = 0;
  for (const insight of uniques) {
    const exact = await runTrends({ workspaceId, insight, rollups: false });
    const fromPeople = await runTrends({ workspaceId, insight });
    const shape = (r: typeof exact) => r.lines.map((l) => [l.breakdown, l.values, l.total, l.previous]);
    expect(shape(fromPeople)).toEqual(shape(exact));
    people += exact.lines.reduce((n, l) => n + l.total, 0);
  }
  expect(people).toBeGreaterThan(20);
}

describe("event_people", () => {
  it("answers unique people and a funnel's first step exactly as the events do, through merges, an unmerge and retention", async () => {
    const { workspace, owner } = await makeWorkspace();
    const ws = workspace.id;
    await pool().query("UPDATE workspaces SET timezone = 'America/New_York' WHERE id = $1", [ws]);
    const known = (i: number) => ({ userId: `u${i % 30}` });
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: shoppers(300, 1, known) });
    // The history counted once; later events appended by ingestion, some in the same person-hours.
    await buildNextRollup({ workspaceId: ws });
    expect(await buildNextEventPeople({ workspaceId: ws })).toBe(true);
    expect(await eventPeopleReady(ws)).toBe(true);
    for (const seed of [1, 2, 3]) await ingestMessages({ workspaceId: ws, sourceId: null, messages: shoppers(120, seed, known) });
    await pool().query("UPDATE profiles SET traits = jsonb_build_object('tier', CASE WHEN id % 3 = 0 THEN 'gold' ELSE 'basic' END) WHERE workspace_id = $1", [ws]);
    const { rows: dup } = await pool().query<{ n: string }>("SELECT count(*) - count(DISTINCT (event, hour, profile_id)) AS n FROM event_people WHERE workspace_id = $1", [ws]);
    expect(Number(dup[0]!.n)).toBeGreaterThan(0); // repeats, which change nothing
    await same(ws);

    // Anonymous visitors who then sign in as known people: their profiles merge, their rows move.
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: shoppers(90, 9, (i) => ({ anonymousId: `anon-${i % 12}` })) });
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: Array.from({ length: 12 }, (_, i) => parseMessage({ type: "identify", userId: `u${i}`, anonymousId: `anon-${i}`, messageId: uniq("m"), timestamp: "2026-05-10T12:00:00Z" }, { receivedAt: new Date() })) });
    const { rows: merges } = await pool().query<{ id: string }>("SELECT id::text FROM profile_merges WHERE workspace_id = $1 ORDER BY id", [ws]);
    expect(merges.length).toBeGreaterThan(0);
    await same(ws);

    await unmergeProfiles({ workspaceId: ws, actor: userActor(owner), mergeId: merges[0]!.id });
    await same(ws);

    // Retention removed the first week's views: the hours before the cutoff are counted again.
    await pool().query("DELETE FROM events WHERE workspace_id = $1 AND event = 'Product Viewed' AND ts < '2026-05-08'", [ws]);
    await recountEventPeopleBefore(ws, new Date("2026-05-08T00:00:00Z"));
    await same(ws);
  });
});
