import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { definitionSchema } from "../segments/schema";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { dropOffDefinition, funnelDropOffs, runFunnel } from "./funnel";
import { funnelSchema } from "./schema";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const at = (day: number, hhmm: string) => `2026-05-0${day}T${hhmm}:00Z`;

async function shop() {
  const { workspace } = await makeWorkspace();
  const ev = (userId: string, event: string, ts: string) => ({ type: "track", userId, event, timestamp: ts, properties: {}, messageId: uniq("m") });
  const who = (userId: string, plan?: string) => ({ type: "identify", userId, traits: plan ? { plan } : {}, timestamp: at(1, "00:00"), messageId: uniq("m") });
  const messages = [
    who("ann", "pro"), who("bob", "pro"), who("cat", "free"), who("dan", "free"), who("eve"), who("fay", "pro"),
    // ann: the whole funnel (add after 10 min, order 20 min later)
    ev("ann", "Product Viewed", at(1, "10:00")), ev("ann", "Product Added", at(1, "10:10")), ev("ann", "Order Completed", at(1, "10:30")),
    // bob: orders 90 minutes after viewing, outside the 1-hour window
    ev("bob", "Product Viewed", at(1, "11:00")), ev("bob", "Product Added", at(1, "11:20")), ev("bob", "Order Completed", at(1, "12:30")),
    // cat: orders without adding to the cart
    ev("cat", "Product Viewed", at(1, "09:00")), ev("cat", "Order Completed", at(1, "09:10")),
    // dan: an add before his first view does not count; the one after does
    ev("dan", "Product Added", at(2, "08:00")), ev("dan", "Product Viewed", at(2, "08:30")), ev("dan", "Product Added", at(2, "08:40")),
    // eve: adds after 50 minutes, orders 5 minutes later
    ev("eve", "Product Viewed", at(3, "10:00")), ev("eve", "Product Added", at(3, "10:50")), ev("eve", "Order Completed", at(3, "10:55")),
    // fay: viewed before the range
    { ...ev("fay", "Product Viewed", "2026-04-30T10:00:00Z") }, ev("fay", "Product Added", at(1, "10:00")),
  ];
  await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: messages.map((m) => parseMessage(m, { receivedAt: new Date("2026-05-05T00:00:00Z") })) });
  return workspace.id;
}

const FUNNEL = funnelSchema.parse({
  type: "funnel",
  steps: [{ event: "Product Viewed" }, { event: "Product Added" }, { event: "Order Completed" }],
  window: { amount: 1, unit: "hours" },
  range: { kind: "between", from: "2026-05-01", to: "2026-05-03" },
});

describe("funnels", () => {
  it("counts each step within the conversion window, with conversion, drop-off and median time to convert", async () => {
    const workspaceId = await shop();
    const r = await runFunnel({ workspaceId, insight: FUNNEL });
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]!.steps).toEqual([
      { event: "Product Viewed", count: 5, conversion: 1, fromPrevious: 1, droppedOff: 1, medianSecondsFromPrevious: null },
      { event: "Product Added", count: 4, conversion: 0.8, fromPrevious: 0.8, droppedOff: 2, medianSecondsFromPrevious: 900 },
      { event: "Order Completed", count: 2, conversion: 0.4, fromPrevious: 0.5, droppedOff: 0, medianSecondsFromPrevious: 750 },
    ]);
  });

  it("breaks down by trait, and names who dropped off as a valid segment definition", async () => {
    const workspaceId = await shop();
    const r = await runFunnel({ workspaceId, insight: { ...FUNNEL, breakdown: { kind: "trait", trait: "plan" } } });
    expect(r.groups.map((g) => [g.breakdown, g.steps.map((s) => s.count)])).toEqual([
      ["free", [2, 1, 0]],
      ["pro", [2, 2, 1]],
      ["(none)", [1, 1, 1]],
    ]);
    const def = definitionSchema.parse(dropOffDefinition(FUNNEL, 2, { from: "2026-05-01T00:00:00Z", to: "2026-05-04T00:00:00Z" }));
    expect(def.conditions).toHaveLength(2);

    const other = await makeWorkspace();
    expect((await runFunnel({ workspaceId: other.workspace.id, insight: FUNNEL })).groups[0]!.steps.map((s) => s.count)).toEqual([0, 0, 0]);
  });
});

describe("funnel estimates", () => {
  it("counts the sampled people only (one in 64, by a hash of the profile id), scaled up, and says so", async () => {
    const { workspace } = await makeWorkspace();
    const ev = (userId: string, event: string, ts: string) => ({ type: "track", userId, event, timestamp: ts, properties: {}, messageId: uniq("m") });
    // 640 people view; every second adds 10 minutes later; every fourth orders 20 minutes after that.
    const messages = Array.from({ length: 640 }, (_, i) => [
      ev(`p${i}`, "Product Viewed", at(1, "10:00")),
      ...(i % 2 === 0 ? [ev(`p${i}`, "Product Added", at(1, "10:10"))] : []),
      ...(i % 4 === 0 ? [ev(`p${i}`, "Order Completed", at(1, "10:30"))] : []),
    ]).flat();
    await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: messages.map((m) => parseMessage(m, { receivedAt: new Date("2026-05-05T00:00:00Z") })) });
    // Who is in the sample, counted by hand from the profiles' ids and names.
    const { rows } = await pool().query<{ n: number }>(
      `SELECT substr(i.value, 2)::int AS n FROM identities i WHERE i.workspace_id = $1 AND i.kind = 'user_id' AND (hashint8(i.profile_id) & 63) = 0`,
      [workspace.id],
    );
    const sampled = rows.map((r) => r.n);
    expect(sampled.length).toBeGreaterThan(0);
    const r = await runFunnel({ workspaceId: workspace.id, insight: FUNNEL, sample: true });
    expect(r.estimate).toEqual({ every: 64, sampled: sampled.length });
    expect(r.groups[0]!.steps.map((s) => s.count)).toEqual([sampled.length * 64, sampled.filter((n) => n % 2 === 0).length * 64, sampled.filter((n) => n % 4 === 0).length * 64]);
    expect(r.groups[0]!.steps[1]!.medianSecondsFromPrevious).toBe(600);
    // The exact count of the same funnel is marked exact.
    const exact = await runFunnel({ workspaceId: workspace.id, insight: FUNNEL });
    expect(exact.estimate).toBeNull();
    expect(exact.groups[0]!.steps.map((s) => s.count)).toEqual([640, 320, 160]);
  });
});

describe("funnel drop-offs", () => {
  it("lists who reached a step but not the next", async () => {
    const workspaceId = await shop();
    const r = await funnelDropOffs({ workspaceId, insight: FUNNEL, step: 2 });
    const names = await pool().query<{ value: string }>("SELECT value FROM identities WHERE kind = 'user_id' AND profile_id = ANY($1::bigint[]) ORDER BY value", [r.profileIds]);
    expect(names.rows.map((x) => x.value)).toEqual(["bob", "dan"]);
    expect(r.from).toBe("2026-05-01T00:00:00.000Z");
    expect(r.to).toBe("2026-05-04T00:00:00.000Z");
  });
});
