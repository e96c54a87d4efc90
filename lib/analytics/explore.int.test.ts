import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { insightCsv, runInsight } from "./run";
import { insightSchema } from "./schema";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const DAY = 86_400_000;

describe("segment sizes over time and top events", () => {
  it("sizes at the end of each day from the change log, on hand-made changes", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const seg = `seg_${uniq("vip")}`;
    await pool().query("INSERT INTO segments (id, workspace_id, name, definition, created_by) VALUES ($1, $2, 'VIP', '{\"type\":\"group\",\"op\":\"and\",\"conditions\":[]}', 'test')", [seg, ws]);
    const today = Math.floor(Date.now() / DAY) * DAY;
    const change = (profile: number, entered: boolean, daysAgo: number) =>
      pool().query("INSERT INTO segment_changes (workspace_id, segment_id, profile_id, entered, at, cause) VALUES ($1, $2, $3, $4, $5, 'event')", [ws, seg, profile, entered, new Date(today - daysAgo * DAY + 3_600_000)]);
    for (const p of [1, 2, 3]) await change(p, true, 5); // three enter five days ago
    await change(2, false, 2); // one leaves two days ago
    await change(4, true, 0); // one enters today
    const insight = insightSchema.parse({ type: "segments", segmentIds: [seg], range: { kind: "last", amount: 7, unit: "days" } });
    const r = await runInsight({ workspaceId: ws, insight, cache: false });
    if (r.type !== "segments") throw new Error("wrong type");
    expect(r.segments.buckets).toHaveLength(7);
    expect(r.segments.lines).toEqual([expect.objectContaining({ label: "VIP", values: [0, 3, 3, 3, 2, 2, 3], total: 3 })]);
    expect(insightCsv(r).split("\n")[1]).toMatch(/^VIP,0,3,3,3,2,2,3/);
    const other = await makeWorkspace();
    await expect(runInsight({ workspaceId: other.workspace.id, insight, cache: false })).rejects.toThrow(/None of those segments exists/);
  });

  it("the most frequent events, an event's properties and a property's values, with people", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const now = new Date();
    const msg = (userId: string, event: string, properties: Record<string, unknown> = {}) => parseMessage({ type: "track", messageId: uniq("m"), userId, event, properties }, { receivedAt: now });
    await ingestMessages({
      workspaceId: ws,
      sourceId: null,
      messages: [
        ...["ann", "ann", "bob", "cy", "cy"].map((u) => msg(u, "Page Viewed", { path: "/" })),
        msg("ann", "Order Completed", { currency: "EUR", revenue: 10 }),
        msg("bob", "Order Completed", { currency: "EUR", revenue: 20 }),
        msg("cy", "Order Completed", { currency: "USD" }),
      ],
    });
    const run = async (q: Record<string, unknown>) => {
      const r = await runInsight({ workspaceId: ws, insight: insightSchema.parse({ type: "top", ...q }), cache: false });
      if (r.type !== "top") throw new Error("wrong type");
      return r.top;
    };
    expect((await run({ of: "events" })).rows).toEqual([{ value: "Page Viewed", count: 5, people: 3 }, { value: "Order Completed", count: 3, people: 3 }]);
    expect((await run({ of: "properties", event: "Order Completed" })).rows).toEqual([{ value: "currency", count: 3, people: 3 }, { value: "revenue", count: 2, people: 2 }]);
    const values = await run({ of: "values", event: "Order Completed", property: "currency", limit: 1 });
    expect(values).toMatchObject({ rows: [{ value: "EUR", count: 2, people: 2 }], total: 3 });
    expect(() => insightSchema.parse({ type: "top", of: "values", event: "Order Completed" })).toThrow(/Choose the property/);
  });
});
