import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../../db";
import { ingestMessages, parseMessage } from "../../ingest";
import { makeWorkspace, uniq } from "../../testing/fixtures";
import { createFeature, deleteFeature, featuresAt, listFeatures, processFeatureQueue, profileFeatures, sweepStep } from "./store";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const ACTOR = { type: "system" as const, label: "features test" };
const DAY = 86_400_000;
const T = Date.UTC(2026, 9, 1, 12); // the labelled moment

async function send(ws: string, messages: Record<string, unknown>[]) {
  await ingestMessages({ workspaceId: ws, sourceId: null, messages: messages.map((m) => parseMessage({ messageId: uniq("m"), ...m }, { receivedAt: new Date(String(m.timestamp)) })) });
}
const at = (days: number) => new Date(T + days * DAY).toISOString();
async function profileOf(ws: string, userId: string) {
  const { rows } = await pool().query<{ profile_id: string }>("SELECT profile_id::text FROM identities WHERE workspace_id = $1 AND kind = 'user_id' AND value = $2", [ws, userId]);
  return Number(rows[0]!.profile_id);
}

describe("feature store", () => {
  it("computes features point-in-time: nothing from after the moment leaks in, traits as they were then", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    for (const input of [
      { name: "orders_30d", spec: { kind: "event", aggregate: "count", event: "Order Completed", windowDays: 30 } },
      { name: "revenue_30d", spec: { kind: "event", aggregate: "sum", event: "Order Completed", property: "revenue", windowDays: 30 } },
      { name: "big_orders", spec: { kind: "event", aggregate: "count", event: "Order Completed", filters: [{ property: "revenue", valueType: "number", op: "gt", value: 100 }] } },
      { name: "days_since_order", spec: { kind: "recency", event: "Order Completed" } },
      { name: "active_days_30d", spec: { kind: "frequency", event: "*", windowDays: 30 } },
      { name: "plan", spec: { kind: "trait", trait: "plan" } },
      { name: "avg_order", spec: { kind: "ratio", numerator: "revenue_30d", denominator: "orders_30d" } },
    ]) await createFeature({ workspaceId: ws, actor: ACTOR, input: input });
    await expect(createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "bad", spec: { kind: "ratio", numerator: "nope", denominator: "orders_30d" } } })).rejects.toThrow(/create nope first/);
    await expect(createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "Bad Name", spec: { kind: "trait", trait: "x" } } })).rejects.toThrow(/snake_case/);
    await expect(createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "mail", spec: { kind: "trait", trait: "email" } } })).rejects.toThrow(/email is personal data/);

    await send(ws, [
      { type: "identify", userId: "ann", traits: { plan: "basic" }, timestamp: at(-60) },
      { type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 40 }, timestamp: at(-45) }, // outside 30 days
      { type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 120 }, timestamp: at(-10) },
      { type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 30 }, timestamp: at(-2) },
      { type: "track", userId: "ann", event: "Page Viewed", timestamp: at(-2.1) },
      // After the moment: must not count.
      { type: "identify", userId: "ann", traits: { plan: "pro" }, timestamp: at(1) },
      { type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 500 }, timestamp: at(3) },
    ]);
    const ann = await profileOf(ws, "ann");
    const then = (await featuresAt(pool(), ws, [{ profileId: ann, at: new Date(T) }])).get(`${ann}@${T}`);
    expect(then).toEqual({ orders_30d: 2, revenue_30d: 150, big_orders: 1, days_since_order: 2, active_days_30d: 2, plan: "basic", avg_order: 75 });
    // Now: everything so far, the plan as it is today.
    const now = new Date(T + 5 * DAY);
    const later = (await featuresAt(pool(), ws, [{ profileId: ann, at: now }])).get(`${ann}@${now.getTime()}`);
    expect(later).toMatchObject({ orders_30d: 3, revenue_30d: 650, big_orders: 2, days_since_order: 2, plan: "pro" });
  });

  it("stays fresh online as events arrive, and is rebuilt for everyone when features change", async () => {
    const { workspace } = await makeWorkspace();
    const other = await makeWorkspace();
    const ws = workspace.id;
    const now = Date.now();
    await send(ws, [{ type: "track", userId: "bo", event: "Order Completed", properties: { revenue: 10 }, timestamp: new Date(now - DAY).toISOString() }]);
    const bo = await profileOf(ws, "bo");
    await createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "orders_7d", spec: { kind: "event", aggregate: "count", event: "Order Completed", windowDays: 7 } } });
    while (await sweepStep()) {}
    expect(await profileFeatures(ws, bo)).toMatchObject({ features: { orders_7d: 1 } });
    await send(ws, [{ type: "track", userId: "bo", event: "Order Completed", properties: { revenue: 10 }, timestamp: new Date().toISOString() }]);
    expect(await processFeatureQueue()).toBeGreaterThan(0);
    expect(await profileFeatures(ws, bo)).toMatchObject({ features: { orders_7d: 2 } });
    // An event no feature reads queues nothing.
    await send(ws, [{ type: "track", userId: "bo", event: "Page Viewed", timestamp: new Date().toISOString() }]);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM feature_queue WHERE workspace_id = $1", [ws]);
    expect(rows[0].n).toBe(0);
    // Isolation: another workspace sees neither the features nor the store.
    expect(await listFeatures({ workspaceId: other.workspace.id })).toEqual([]);
    expect(await profileFeatures(other.workspace.id, bo)).toBeNull();
    const [f] = await listFeatures({ workspaceId: ws });
    await expect(deleteFeature({ workspaceId: other.workspace.id, actor: ACTOR, id: f!.id })).rejects.toThrow(/does not exist in this workspace/);
    await deleteFeature({ workspaceId: ws, actor: ACTOR, id: f!.id });
    expect(await profileFeatures(ws, bo)).toMatchObject({ features: {} });
  });
});

describe("the daily recompute", () => {
  it("goes a batch at a time, remembers where it is, and lets queued profiles through in between", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const now = Date.now();
    for (const u of ["a1", "a2", "a3"]) await send(ws, [{ type: "track", userId: u, event: "Page Viewed", timestamp: new Date(now - DAY).toISOString() }]);
    await createFeature({ workspaceId: ws, actor: ACTOR, input: { name: "views_7d", spec: { kind: "event", aggregate: "count", event: "Page Viewed", windowDays: 7 } } });
    const state = async () => (await pool().query("SELECT cursor IS NOT NULL AS running, profiles FROM feature_sweeps WHERE workspace_id = $1", [ws])).rows[0];
    const stored = async () => Number((await pool().query("SELECT count(*) FROM profile_features WHERE workspace_id = $1", [ws])).rows[0].count);
    // Other workspaces' sweeps may be due too: step until this one is under way.
    for (let i = 0; i < 50 && !(await state())?.running; i++) await sweepStep(new Date(), 2);
    expect(await state()).toMatchObject({ running: true });
    expect(await stored()).toBe(2);
    // A new event in the middle of the sweep is handled at once.
    await send(ws, [{ type: "track", userId: "a3", event: "Page Viewed", timestamp: new Date().toISOString() }]);
    expect(await processFeatureQueue()).toBeGreaterThan(0);
    expect(await profileFeatures(ws, await profileOf(ws, "a3"))).toMatchObject({ features: { views_7d: 2 } });
    while (await sweepStep(new Date(), 2)) {}
    expect(await state()).toMatchObject({ running: false, profiles: 3 });
    expect(await stored()).toBe(3);
  });
});

describe("feature SQL", () => {
  it("binds every parameter it adds, for every kind of feature", async () => {
    const { featuresSql } = await import("./compile");
    const { STARTER_FEATURES } = await import("./schema");
    const specs = [...STARTER_FEATURES.map((f) => ({ name: f.name, spec: f.spec })), { name: "plan", spec: { kind: "trait" as const, trait: "plan" } }, { name: "aov", spec: { kind: "ratio" as const, numerator: "revenue_90d", denominator: "orders_90d" } }];
    const q = featuresSql("ws", specs);
    const values = q.values([1], [new Date()]);
    const used = new Set([...q.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect(values.map((_, i) => i + 1).filter((i) => !used.has(i))).toEqual([]);
    const { rows } = await pool().query(q.sql, values);
    expect(rows).toHaveLength(1);
  });
});
