import { afterAll, describe, expect, it } from "vitest";
import { consumeBatch, TOPICS } from "../bus";
import { closePool, disconnectDb, pool, withTransaction } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { explainProfile } from "./explain";
import { previewSegment } from "./preview";
import { evaluatePass } from "./engine";
import { loadLiveSegments } from "./live";
import { processDue, processQueue, retryingConflicts } from "./process";
import { rebuildNextSegment } from "./rebuild";
import { definitionSchema } from "./schema";
import { listMembers, membersCsv, profileSegments, recentChanges, sizeHistory } from "./stats";
import { createSegment, deleteSegment, getSegmentOrThrow, listVersions, updateSegment } from "./store";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const ACTOR = { type: "system" as const, label: "segments test" };
const T0 = Date.UTC(2026, 4, 10, 9);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function send(workspaceId: string, messages: Record<string, unknown>[], receivedAt: Date) {
  return ingestMessages({ workspaceId, sourceId: null, messages: messages.map((m) => parseMessage({ messageId: uniq("m"), ...m }, { receivedAt })) });
}
async function members(segmentId: string): Promise<string[]> {
  const { rows } = await pool().query<{ profile_id: string }>("SELECT profile_id FROM segment_members WHERE segment_id = $1 ORDER BY 1", [segmentId]);
  return rows.map((r) => String(r.profile_id));
}
async function profileOf(workspaceId: string, userId: string): Promise<string> {
  const { rows } = await pool().query<{ profile_id: string }>("SELECT profile_id FROM identities WHERE workspace_id = $1 AND kind = 'user_id' AND value = $2", [workspaceId, userId]);
  return String(rows[0]!.profile_id);
}
const live = async (workspaceId: string, now: Date) => {
  await processQueue({ workspaceId, now: () => now });
  await processDue({ workspaceId, now: () => now });
};

const CART_ABANDONED = definitionSchema.parse({
  type: "group",
  op: "and",
  conditions: [
    { type: "sequence", first: { event: "Product Added" }, then: { event: "Order Completed" }, followed: false, within: { amount: 1, unit: "hours" }, window: { kind: "last", amount: 7, unit: "days" } },
  ],
});

describe("live segment membership", () => {
  it("cart abandonment: enters when the hour passes without an order, leaves on the order, with causes logged and published", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const seg = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Abandoned cart", description: "", definition: CART_ABANDONED });
    expect((await getSegmentOrThrow({ workspaceId: ws, segmentId: seg.id })).status).toBe("building");
    expect(await rebuildNextSegment({ workspaceId: ws, now: () => at(0) })).toBe(true);
    expect((await getSegmentOrThrow({ workspaceId: ws, segmentId: seg.id })).status).toBe("live");

    await send(ws, [{ type: "track", userId: "ann", event: "Product Added", properties: { sku: "ESP-1" }, timestamp: at(1).toISOString() }], at(1));
    await live(ws, at(1));
    expect(await members(seg.id)).toEqual([]);
    const ann = await profileOf(ws, "ann");
    const due = await pool().query<{ due_ms: string; due_at: Date }>("SELECT dues ->> $1 AS due_ms, due_at FROM segment_timers WHERE profile_id = $2", [seg.id, ann]);
    expect(new Date(Number(due.rows[0]!.due_ms)).toISOString()).toBe(at(61).toISOString());
    expect(due.rows[0]!.due_at.toISOString()).toBe(at(61).toISOString());

    // A minute before the hour nothing is due; at the hour the clock alone puts her in.
    await live(ws, at(60));
    expect(await members(seg.id)).toEqual([]);
    await live(ws, at(61));
    expect(await members(seg.id)).toEqual([ann]);

    const orderId = uniq("order-msg");
    await send(ws, [{ type: "track", userId: "ann", event: "Order Completed", messageId: orderId, properties: { revenue: 30 }, timestamp: at(90).toISOString() }], at(90));
    await live(ws, at(90));
    expect(await members(seg.id)).toEqual([]);

    const changes = await recentChanges({ workspaceId: ws, segmentId: seg.id });
    expect(changes.map((c) => [c.entered, c.cause])).toEqual([[false, "event"], [true, "time"]]);
    expect(changes[0]!.detail).toContain(orderId);
    expect(changes[0]!.profile?.userId).toBe("ann");

    const seen: unknown[] = [];
    const consumer = uniq("test-consumer");
    const handle = async (batch: { payload: unknown }[]) => void seen.push(...batch.map((b) => b.payload).filter((p) => (p as { segmentId: string }).segmentId === seg.id));
    while ((await consumeBatch(consumer, TOPICS.segmentMembership, handle)) > 0);
    expect(seen).toMatchObject([
      { segmentId: seg.id, profileId: ann, entered: true, cause: "time" },
      { segmentId: seg.id, profileId: ann, entered: false, cause: "event" },
    ]);
    // The cursor moved: nothing is delivered twice.
    expect(await consumeBatch(consumer, TOPICS.segmentMembership, handle)).toBe(0);
  });

  it("a pass that meets a member it did not know of runs again with upserts: nothing lost, nothing twice", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const seg = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Viewers", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Product Viewed" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(0) }));
    await send(ws, [{ type: "track", userId: "cy", event: "Product Viewed", timestamp: at(1).toISOString() }], at(1));
    const cy = await profileOf(ws, "cy");
    // Stale memberships (the live engine reads them under its lane's lock, so this should never happen).
    const tries: boolean[] = [];
    await pool().query("INSERT INTO segment_members (segment_id, profile_id, since) VALUES ($1, $2, $3)", [seg.id, cy, at(1)]);
    const changes = await retryingConflicts((upsert) => {
      tries.push(upsert);
      return withTransaction(async (client) => {
        const segments = await loadLiveSegments(client, ws);
        return evaluatePass(client, segments, new Map([[seg.id, new Set([Number(cy)])]]), at(2), () => ({ cause: "event" }), { members: new Map(), upsert });
      });
    });
    expect(tries).toEqual([false, true]);
    expect(changes).toBe(1);
    expect(await members(seg.id)).toEqual([cy]);
  });

  it("only segments that read an event are re-evaluated for it; new profiles are checked everywhere", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const buyers = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Buyers", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] }) });
    const nonBuyers = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Not yet bought", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "no_event", event: "Order Completed" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(0) }));
    await send(ws, [{ type: "track", userId: "bo", event: "Page Viewed", timestamp: at(1).toISOString() }], at(1));
    await live(ws, at(1));
    const bo = await profileOf(ws, "bo");
    expect(await members(nonBuyers.id)).toEqual([bo]);
    const before = (await getSegmentOrThrow({ workspaceId: ws, segmentId: buyers.id })).lastEvaluatedAt;
    await send(ws, [{ type: "track", userId: "bo", event: "Page Viewed", timestamp: at(2).toISOString() }], at(2));
    await live(ws, at(2));
    expect((await getSegmentOrThrow({ workspaceId: ws, segmentId: buyers.id })).lastEvaluatedAt).toBe(before);
    await send(ws, [{ type: "track", userId: "bo", event: "Order Completed", timestamp: at(3).toISOString() }], at(3));
    await live(ws, at(3));
    expect(await members(buyers.id)).toEqual([bo]);
    expect(await members(nonBuyers.id)).toEqual([]);
  });

  it("follows merges: the anonymous profile leaves, the known one it merged into enters", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const seg = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Viewed espresso", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Product Viewed" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(0) }));
    await send(ws, [{ type: "track", anonymousId: "anon-9", event: "Product Viewed", timestamp: at(1).toISOString() }], at(1));
    await send(ws, [{ type: "identify", userId: "cy", traits: { email: "cy@example.com" }, timestamp: at(2).toISOString() }], at(2));
    await live(ws, at(2));
    const [anonProfile] = await members(seg.id);
    await send(ws, [{ type: "identify", userId: "cy", anonymousId: "anon-9", timestamp: at(3).toISOString() }], at(3));
    await live(ws, at(3));
    const cy = await profileOf(ws, "cy");
    expect(cy).not.toBe(anonProfile);
    expect(await members(seg.id)).toEqual([cy]);
    expect((await recentChanges({ workspaceId: ws, segmentId: seg.id })).slice(0, 2).map((c) => c.cause)).toEqual(["merge", "merge"]);
  });

  it("segments built on segments follow them in the same pass", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const pro = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Pro plan", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }] }) });
    const notPro = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Not pro", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "segment", segmentId: pro.id, member: false }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(0) }));
    await send(ws, [{ type: "identify", userId: "di", traits: { plan: "free" }, timestamp: at(1).toISOString() }], at(1));
    await live(ws, at(1));
    const di = await profileOf(ws, "di");
    expect(await members(notPro.id)).toEqual([di]);
    await send(ws, [{ type: "identify", userId: "di", traits: { plan: "Pro" }, timestamp: at(2).toISOString() }], at(2));
    await live(ws, at(2));
    expect(await members(pro.id)).toEqual([di]);
    expect(await members(notPro.id)).toEqual([]);
    expect((await recentChanges({ workspaceId: ws, segmentId: notPro.id }))[0]).toMatchObject({ entered: false, cause: "segment", detail: "Pro plan changed" });
    await expect(updateSegment({ workspaceId: ws, actor: ACTOR, segmentId: pro.id, name: "Pro plan", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "segment", segmentId: notPro.id, member: true }] }) })).rejects.toThrow(/loop: .*Pro plan/);
    await expect(deleteSegment({ workspaceId: ws, actor: ACTOR, segmentId: pro.id })).rejects.toThrow(/Not pro/);
  });

  it("size over time: the build moves the size; a day's entered and left are its live changes, as on the cards", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const now = new Date();
    const order = (userId: string) => ({ type: "track", userId, event: "Order Completed", properties: { revenue: 10 }, timestamp: now.toISOString() });
    await send(ws, [order("ann"), order("bob")], now);
    const seg = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Any order", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => now }));
    await send(ws, [order("cy")], now);
    await live(ws, now);
    const today = (await sizeHistory({ workspaceId: ws, segmentId: seg.id, days: 2 })).find((h) => h.day === now.toISOString().slice(0, 10));
    expect(today).toMatchObject({ size: 3, entered: 1, exited: 0 });
    expect((await getSegmentOrThrow({ workspaceId: ws, segmentId: seg.id })).entered24h).toBe(1);
  });

  it("an edit is a new version: rebuilt from history, differences logged as such", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    await send(ws, ["ed", "flo", "gus"].map((u, i) => ({ type: "track", userId: u, event: "Order Completed", properties: { revenue: 40 * (i + 1) }, timestamp: at(i).toISOString() })), at(5));
    const seg = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Big spenders", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gte", value: 80 } }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(10) }));
    expect((await getSegmentOrThrow({ workspaceId: ws, segmentId: seg.id })).memberCount).toBe(2);
    await updateSegment({ workspaceId: ws, actor: ACTOR, segmentId: seg.id, name: "Big spenders", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gte", value: 100 } }] }) });
    expect((await getSegmentOrThrow({ workspaceId: ws, segmentId: seg.id })).status).toBe("building");
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(11) }));
    const after = await getSegmentOrThrow({ workspaceId: ws, segmentId: seg.id });
    expect([after.version, after.builtVersion, after.memberCount, after.status]).toEqual([2, 2, 1, "live"]);
    expect((await listVersions({ workspaceId: ws, segmentId: seg.id })).map((v) => v.version)).toEqual([2, 1]);
    const changes = await recentChanges({ workspaceId: ws, segmentId: seg.id, includeBackfill: true });
    expect(changes[0]).toMatchObject({ entered: false, cause: "backfill", detail: "definition changed to version 2" });
    const page = await listMembers({ workspaceId: ws, segmentId: seg.id });
    expect(page.members.map((m) => m.userId)).toEqual(["gus"]);
    let csv = "";
    for await (const chunk of membersCsv({ workspaceId: ws, segmentId: seg.id })) csv += chunk;
    expect(csv.split("\n")[0]).toBe("profile_id,user_id,email,name,member_since,last_seen_at,traits");
    expect(csv.split("\n")[1]).toMatch(/^\d+,gus,,,/);
    expect(await profileSegments({ workspaceId: ws, profileId: page.members[0]!.id })).toMatchObject([{ id: seg.id, name: "Big spenders" }]);
    const history = await sizeHistory({ workspaceId: ws, segmentId: seg.id, days: 3 });
    // Created today: no size before today (not zero), and today's size is what the change log adds up to.
    expect(history.map((h) => h.size)).toEqual([null, null, 1]);

    // Deleting the segment takes its members and change log along; so does deleting the workspace.
    const other = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Any order", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(12) }));
    await deleteSegment({ workspaceId: ws, actor: ACTOR, segmentId: seg.id });
    const left = async (id: string) => (await pool().query<{ n: number }>("SELECT (SELECT count(*) FROM segment_members WHERE segment_id = $1)::int + (SELECT count(*) FROM segment_changes WHERE segment_id = $1)::int AS n", [id])).rows[0]!.n;
    expect(await left(seg.id)).toBe(0);
    expect(await members(other.id)).toHaveLength(3);
    await pool().query("DELETE FROM workspaces WHERE id = $1", [ws]);
    expect(await left(other.id)).toBe(0);
  });

  it("previews a definition with reach and a sample, and explains a profile condition by condition", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    await send(ws, [
      { type: "identify", userId: "hal", traits: { email: "hal@example.com", plan: "pro" }, context: { consent: { categoryPreferences: { marketing_email: true } } }, timestamp: at(0).toISOString() },
      { type: "identify", userId: "ivy", traits: { email: "ivy@example.com", plan: "free" }, timestamp: at(0).toISOString() },
      { type: "track", userId: "hal", event: "Order Completed", properties: { revenue: 12 }, timestamp: at(1).toISOString() },
      { type: "track", userId: "hal", event: "Order Completed", properties: { revenue: 8 }, timestamp: at(2).toISOString() },
    ], at(3));
    const definition = definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "trait", trait: "plan", valueType: "string", op: "in", values: ["pro", "team"] },
        { type: "event", event: "Order Completed", measure: { kind: "count", op: "at_least", value: 2 }, window: { kind: "last", amount: 1, unit: "days" } },
      ],
    });
    const preview = await previewSegment({ workspaceId: ws, definition, now: at(5) });
    expect(preview).toMatchObject({ count: 1, total: 2, emailable: 1, advertisable: 0 });
    expect(preview.sample.map((p) => p.userId)).toEqual(["hal"]);
    const why = await explainProfile({ workspaceId: ws, definition, profileId: await profileOf(ws, "ivy"), now: at(5) });
    expect(why.matches).toBe(false);
    expect(why.conditions.map((c) => [c.path, c.pass, c.value])).toEqual([
      ["0", false, "free"],
      ["1", false, { count: 0, last: null }],
    ]);
    const hal = await explainProfile({ workspaceId: ws, definition, profileId: await profileOf(ws, "hal"), now: at(5) });
    expect(hal.matches).toBe(true);
    expect(hal.conditions[1]!.value).toMatchObject({ count: 2 });
  });

  it("a big workspace's preview answers from the sample of one profile in 64, scaled up, and exactly when asked", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    await send(ws, Array.from({ length: 320 }, (_, i) => ({ type: "track", userId: `buyer-${i}`, event: i % 3 === 0 ? "Order Completed" : "Product Viewed", timestamp: at(0).toISOString() })), at(0));
    const definition = definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] });
    const exact = await previewSegment({ workspaceId: ws, definition, now: at(1), estimateFrom: 1, exact: true });
    expect(exact).toMatchObject({ count: 107, total: 320, estimate: null });
    const { rows } = await pool().query<{ n: string; k: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = p.workspace_id AND e.profile_id = p.id AND e.event = 'Order Completed')) AS k
         FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL AND (hashint8(p.id) & 63) = 0`,
      [ws],
    );
    const [n, k] = [Number(rows[0]!.n), Number(rows[0]!.k)];
    expect(n).toBeGreaterThan(0);
    const estimate = await previewSegment({ workspaceId: ws, definition, now: at(1), estimateFrom: 1 });
    expect(estimate.estimate?.sampled).toBe(n);
    expect(estimate.count).toBe(Math.round((k * 320) / n));
    expect(estimate.estimate!.low).toBeLessThanOrEqual(estimate.count);
    expect(estimate.estimate!.high).toBeGreaterThanOrEqual(estimate.count);
    expect(estimate.sample.length).toBe(Math.min(10, k));
    // A small workspace is always counted exactly.
    expect((await previewSegment({ workspaceId: ws, definition, now: at(1) })).estimate).toBeNull();
  });

  it("keeps workspaces apart: no members, previews or references across them", async () => {
    const a = await makeWorkspace();
    const b = await makeWorkspace();
    await send(a.workspace.id, [{ type: "track", userId: "same-user", event: "Order Completed", timestamp: at(0).toISOString() }], at(0));
    await send(b.workspace.id, [{ type: "track", userId: "same-user", event: "Order Completed", timestamp: at(0).toISOString() }], at(0));
    const def = definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] });
    const segA = await createSegment({ workspaceId: a.workspace.id, actor: ACTOR, name: "Buyers", description: "", definition: def });
    while (await rebuildNextSegment({ workspaceId: a.workspace.id, now: () => at(1) }));
    expect(await members(segA.id)).toEqual([await profileOf(a.workspace.id, "same-user")]);
    expect((await previewSegment({ workspaceId: b.workspace.id, definition: def, now: at(1) })).count).toBe(1);
    await expect(getSegmentOrThrow({ workspaceId: b.workspace.id, segmentId: segA.id })).rejects.toThrow("does not exist in this workspace");
    await expect(listMembers({ workspaceId: b.workspace.id, segmentId: segA.id })).rejects.toThrow("does not exist in this workspace");
    await expect(
      createSegment({ workspaceId: b.workspace.id, actor: ACTOR, name: "Sneaky", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "segment", segmentId: segA.id, member: true }] }) }),
    ).rejects.toThrow("does not exist in this workspace");
    await expect(explainProfile({ workspaceId: b.workspace.id, definition: def, profileId: await profileOf(a.workspace.id, "same-user") })).rejects.toThrow("No profile");
  });
});
