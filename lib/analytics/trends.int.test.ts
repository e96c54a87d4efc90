import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { trendsSchema } from "./schema";
import { runInsight } from "./run";
import { runTrends, trendsCsv } from "./trends";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

/** Hand-made orders in a New York workspace (UTC−4 in May): local days differ from UTC days. */
async function store() {
  const { workspace } = await makeWorkspace();
  await pool().query("UPDATE workspaces SET timezone = 'America/New_York' WHERE id = $1", [workspace.id]);
  const order = (userId: string, ts: string, properties: Record<string, unknown>) => ({ type: "track", userId, event: "Order Completed", timestamp: ts, properties, messageId: uniq("m") });
  const messages = [
    order("ann", "2026-05-01T13:00:00Z", { revenue: 10, coupon: "SPRING" }), // May 1, 09:00 local
    order("ann", "2026-05-02T03:00:00Z", { revenue: 20, coupon: "SPRING" }), // May 1, 23:00 local
    order("bob", "2026-05-02T12:00:00Z", { revenue: 5 }), // May 2
    order("cat", "2026-05-03T15:00:00Z", { revenue: "oops", coupon: "SPRING" }), // May 3, not a number
    order("dan", "2026-05-04T02:00:00Z", { revenue: 7, coupon: "VIP" }), // May 3, 22:00 local
    order("eve", "2026-05-04T05:00:00Z", { revenue: 1000 }), // May 4, 01:00 local: outside
    order("bob", "2026-04-29T16:00:00Z", { revenue: 100 }), // the previous period
    { type: "track", userId: "ann", event: "Product Viewed", timestamp: "2026-05-01T14:00:00Z", properties: {}, messageId: uniq("m") },
  ];
  await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: messages.map((m) => parseMessage(m, { receivedAt: new Date("2026-05-05T00:00:00Z") })) });
  return workspace.id;
}

const MAY = { kind: "between" as const, from: "2026-05-01", to: "2026-05-03" };

describe("trends", () => {
  it("counts, unique people, sums and averages per local day, with totals over the range", async () => {
    const workspaceId = await store();
    const insight = trendsSchema.parse({
      type: "trends",
      range: MAY,
      series: [{ event: "Order Completed" }, { event: "Order Completed", measure: "uniques" }, { event: "Order Completed", measure: "sum", property: "revenue" }, { event: "Order Completed", measure: "avg", property: "revenue" }],
    });
    const r = await runTrends({ workspaceId, insight });
    expect(r.timezone).toBe("America/New_York");
    expect(r.buckets).toEqual(["2026-05-01T00:00:00", "2026-05-02T00:00:00", "2026-05-03T00:00:00"]);
    expect(r.lines.map((l) => [l.values, l.total])).toEqual([
      [[2, 1, 2], 5],
      [[1, 1, 2], 4], // ann counted once over the range, not once per order
      [[30, 5, 7], 42], // "oops" is not a number
      [[15, 5, 7], 10.5],
    ]);
    expect(trendsCsv(r).split("\n")[1]).toBe("Order Completed: total events,2,1,2,5");
  });

  it("breaks down by a property with the top values and Other, compares with the previous period, and filters", async () => {
    const workspaceId = await store();
    const r = await runTrends({
      workspaceId,
      insight: trendsSchema.parse({ type: "trends", range: MAY, series: [{ event: "Order Completed" }], breakdown: { kind: "property", property: "coupon" }, top: 1, compare: true }),
    });
    expect(r.lines.map((l) => [l.breakdown, l.values, l.total])).toEqual([
      ["SPRING", [2, 0, 1], 3],
      ["(none)", [0, 1, 0], 1],
      ["Other", [0, 0, 1], 1],
    ]);
    // Apr 28–30 local: only bob's order of Apr 29 (in the "(none)" coupon line).
    expect(r.lines.find((l) => l.breakdown === "(none)")!.previous).toEqual([0, 1, 0]);
    expect(r.lines.find((l) => l.breakdown === "SPRING")!.previousTotal).toBe(0);

    const filtered = await runTrends({
      workspaceId,
      insight: trendsSchema.parse({ type: "trends", range: MAY, series: [{ event: "Order Completed", filters: [{ property: "revenue", valueType: "number", op: "gte", value: 10 }] }], interval: "week" }),
    });
    expect(filtered.lines[0]!.total).toBe(2); // ann's 10 and 20
  });

  it("sees only its own workspace and refuses more buckets than a chart can show", async () => {
    const workspaceId = await store();
    const other = await makeWorkspace();
    const insight = trendsSchema.parse({ type: "trends", range: MAY, series: [{ event: "Order Completed" }] });
    expect((await runTrends({ workspaceId: other.workspace.id, insight })).lines[0]!.total).toBe(0);
    await expect(runTrends({ workspaceId, insight: { ...insight, range: { kind: "last", amount: 200, unit: "days" }, interval: "hour" } })).rejects.toThrow(/choose a longer interval/);
  });
});

describe("the result cache", () => {
  it("answers again from the cache until new data arrives", async () => {
    const workspaceId = await store();
    const insight = trendsSchema.parse({ type: "trends", range: MAY, series: [{ event: "Order Completed" }] });
    const first = await runInsight({ workspaceId, insight });
    const second = await runInsight({ workspaceId, insight });
    expect(second).toBe(first); // the same object: not recomputed
    await ingestMessages({
      workspaceId,
      sourceId: null,
      messages: [parseMessage({ type: "track", userId: "zed", event: "Order Completed", timestamp: "2026-05-02T12:00:00Z", messageId: uniq("m") }, { receivedAt: new Date() })],
    });
    const third = await runInsight({ workspaceId, insight });
    expect(third).not.toBe(first);
    expect(third.type === "trends" && third.trends.lines[0]!.total).toBe(6);
  });
});
