import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { buildNextComputed, computedTraitSchema, createComputedTrait, deleteComputedTrait, listComputedTraits, processComputedQueue } from "./computed";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));
const ACTOR = { type: "system" as const, label: "computed test" };
const DAY = 86_400_000;

describe("computed traits", () => {
  it("are built from history, kept fresh as events arrive, refreshed as windows move, and removed with their definition", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const now = Date.now();
    const order = (userId: string, daysAgo: number, revenue: unknown, category: string) =>
      parseMessage({ messageId: uniq("m"), type: "track", userId, event: "Order Completed", properties: { revenue, category }, timestamp: new Date(now - daysAgo * DAY).toISOString() }, { receivedAt: new Date(now) });
    await ingestMessages({
      workspaceId: ws,
      sourceId: null,
      messages: [order("ann", 100, 5, "tea"), order("ann", 10, 10, "coffee"), order("ann", 5, 20, "coffee"), order("ann", 2, "n/a", "gear"), parseMessage({ messageId: uniq("m"), type: "identify", userId: "bob", traits: { name: "Bob" } }, { receivedAt: new Date(now) })],
    });
    const defs = [
      { name: "lifetime_value", aggregate: "sum", event: "Order Completed", property: "revenue" },
      { name: "orders_90d", aggregate: "count", event: "Order Completed", window: { kind: "last", amount: 90, unit: "days" } },
      { name: "favorite_category", aggregate: "most_frequent", event: "Order Completed", property: "category" },
      { name: "last_order_at", aggregate: "last", event: "Order Completed", property: "$time" },
    ];
    for (const d of defs) await createComputedTrait({ workspaceId: ws, actor: ACTOR, input: computedTraitSchema.parse(d) });
    while (await buildNextComputed(new Date(now)));
    const traitsOf = async (u: string) =>
      (await pool().query<{ traits: Record<string, unknown> }>("SELECT p.traits FROM profiles p JOIN identities i ON i.profile_id = p.id WHERE i.workspace_id = $1 AND i.kind = 'user_id' AND i.value = $2", [ws, u])).rows[0]!.traits;
    const ann = await traitsOf("ann");
    expect(ann).toMatchObject({ lifetime_value: 35, orders_90d: 3, favorite_category: "coffee" });
    // PostgreSQL writes the time with its trailing zeros trimmed (…50.49+00:00): compare the instant.
    expect(new Date(String(ann.last_order_at)).getTime()).toBe(now - 2 * DAY);
    const bob = await traitsOf("bob");
    expect(bob).toMatchObject({ lifetime_value: 0, orders_90d: 0, name: "Bob" });
    expect(bob.favorite_category).toBeUndefined();
    expect((await listComputedTraits({ workspaceId: ws })).map((t) => [t.name, t.status, t.profilesWithValue])).toEqual([
      ["favorite_category", "live", 1],
      ["last_order_at", "live", 1],
      ["lifetime_value", "live", 2],
      ["orders_90d", "live", 2],
    ]);

    // Bob orders: ingestion queues him; the worker updates his traits and queues him for segments.
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: [order("bob", 0, 50, "gear")] });
    while ((await processComputedQueue(2000, new Date(now))) > 0);
    expect(await traitsOf("bob")).toMatchObject({ lifetime_value: 50, orders_90d: 1, favorite_category: "gear" });
    const queued = await pool().query("SELECT 1 FROM segment_queue q JOIN identities i ON i.profile_id = q.profile_id WHERE q.workspace_id = $1 AND i.value = 'bob' AND q.traits", [ws]);
    expect(queued.rowCount).toBeGreaterThan(0);

    // Windows move: 86 days on, the daily refresh finds two of Ann's three recent orders older than 90 days.
    while (await buildNextComputed(new Date(now + 86 * DAY)));
    expect((await traitsOf("ann")).orders_90d).toBe(1);

    const fav = (await listComputedTraits({ workspaceId: ws })).find((t) => t.name === "favorite_category")!;
    await deleteComputedTrait({ workspaceId: ws, actor: ACTOR, id: fav.id });
    expect((await traitsOf("ann")).favorite_category).toBeUndefined();
    await expect(createComputedTrait({ workspaceId: ws, actor: ACTOR, input: computedTraitSchema.parse(defs[0]) })).rejects.toThrow(/exists already/);
  });
});
