import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { acceptPayload } from "../ingest";
import { createSource, listQuarantine, replayQuarantine } from "../sources";
import { makeWorkspace, uniq, userActor } from "../testing/fixtures";
import { getPlan, listViolations, savePlan } from ".";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const orderPlan = (revenueType: string) => ({ events: [{ name: "Order Completed", properties: { type: "object", required: ["revenue"], properties: { revenue: { type: revenueType } } } }, { name: "Product Viewed" }] });

describe("tracking plans at ingestion", () => {
  it("holds what breaks the plan, flags unplanned events, and replays the held ones once the plan is fixed: nothing lost, nothing twice", async () => {
    const { workspace, owner } = await makeWorkspace();
    const ws = workspace.id;
    const actor = userActor(owner);
    const source = await createSource({ workspaceId: ws, actor, name: uniq("Shop") });
    await savePlan({ workspaceId: ws, actor, sourceId: source.id, input: { plan: orderPlan("number"), onUnplanned: "flag", onInvalid: "quarantine" } });
    const u = uniq("u");
    const batch = [
      { type: "track", messageId: `${u}-1`, userId: u, event: "Order Completed", properties: { revenue: 12 } }, // fine
      { type: "track", messageId: `${u}-2`, userId: u, event: "Order Completed", properties: { revenue: "15.00" } }, // wrong type → held
      { type: "track", messageId: `${u}-3`, userId: u, event: "Order Completed", properties: {} }, // missing → held
      { type: "track", messageId: `${u}-4`, userId: u, event: "Coupon Applied", properties: { code: "X" } }, // unplanned → flagged, stored
    ];
    const send = () => acceptPayload({ workspaceId: ws, sourceId: source.id, endpoint: "batch", body: { batch }, bytes: 100 });
    const first = await send();
    expect(first.body).toMatchObject({ success: true, accepted: 2, quarantined: 2 });
    const stored = async () => (await pool().query<{ message_id: string; context: Record<string, unknown> | null }>("SELECT message_id, context FROM events WHERE workspace_id = $1 ORDER BY message_id", [ws])).rows;
    expect((await stored()).map((r) => r.message_id)).toEqual([`${u}-1`, `${u}-4`]);
    expect((await stored())[1]!.context?.violations).toEqual([{ path: "", kind: "unplanned event", message: "Coupon Applied is not in the tracking plan" }]);
    const held = async () => (await pool().query<{ reason: string }>("SELECT reason FROM quarantined_messages WHERE source_id = $1 AND status = 'held' ORDER BY id", [source.id])).rows;
    expect((await held()).map((r) => r.reason)).toEqual(["Tracking plan: revenue must be number", "Tracking plan: revenue is required"]);
    const v = await listViolations({ workspaceId: ws, sourceId: source.id });
    expect(v.map((x) => `${x.event}|${x.path}|${x.kind}|${x.count}|${x.action}`).sort()).toEqual([
      "Coupon Applied||unplanned event|1|flag",
      "Order Completed|revenue|required|1|quarantine",
      "Order Completed|revenue|type|1|quarantine",
    ]);

    // The client retries the whole batch: nothing is stored twice, the held ones are held again (not lost).
    await send();
    expect((await stored()).map((r) => r.message_id)).toEqual([`${u}-1`, `${u}-4`]);

    // Replaying without fixing anything holds them again.
    expect(await replayQuarantine({ workspaceId: ws, actor, sourceId: source.id })).toMatchObject({ replayed: 4, accepted: 0, heldAgain: 4 });

    // The plan is fixed (revenue may be a string; it is not required), then everything held is replayed once.
    await savePlan({ workspaceId: ws, actor, sourceId: source.id, input: { plan: { events: [{ name: "Order Completed", properties: { type: "object", properties: { revenue: { type: ["number", "string"] } } } }, { name: "Product Viewed" }, { name: "Coupon Applied" }] }, onUnplanned: "flag", onInvalid: "quarantine" } });
    expect((await getPlan({ workspaceId: ws, sourceId: source.id }))?.version).toBe(2);
    // First only the wrong types (a filter by reason), then the rest.
    const q = await listQuarantine({ workspaceId: ws, sourceId: source.id, filter: { event: "Order Completed", reason: "MUST BE number" } });
    expect(q).toMatchObject({ held: 4, matching: 2 });
    expect(q.items.map((i) => i.reason)).toEqual(["Tracking plan: revenue must be number", "Tracking plan: revenue must be number"]);
    expect(q.groups).toEqual([
      { event: "Order Completed", reason: "Tracking plan: revenue is required", count: 2 },
      { event: "Order Completed", reason: "Tracking plan: revenue must be number", count: 2 },
    ]);
    expect((await listQuarantine({ workspaceId: ws, sourceId: source.id, filter: { event: "Coupon Applied" } })).matching).toBe(0);
    expect(await replayQuarantine({ workspaceId: ws, actor, sourceId: source.id, filter: { reason: "must be number" } })).toMatchObject({ replayed: 2, accepted: 1, heldAgain: 0 });
    expect((await stored()).map((r) => r.message_id)).toEqual([`${u}-1`, `${u}-2`, `${u}-4`]);
    const replay = await replayQuarantine({ workspaceId: ws, actor, sourceId: source.id });
    expect(replay).toMatchObject({ replayed: 2, heldAgain: 0 });
    expect((await stored()).map((r) => r.message_id)).toEqual([`${u}-1`, `${u}-2`, `${u}-3`, `${u}-4`]);
    expect(await held()).toEqual([]);
    expect(await replayQuarantine({ workspaceId: ws, actor, sourceId: source.id })).toMatchObject({ replayed: 0 });
  });

  it("drops when told to, and refuses a plan that does not parse with what to fix", async () => {
    const { workspace, owner } = await makeWorkspace();
    const actor = userActor(owner);
    const source = await createSource({ workspaceId: workspace.id, actor, name: uniq("App") });
    await expect(savePlan({ workspaceId: workspace.id, actor, sourceId: source.id, input: { plan: orderPlan("money"), onUnplanned: "allow", onInvalid: "drop" } })).rejects.toThrow(/JSON Schema of “Order Completed” is not valid/);
    await expect(savePlan({ workspaceId: workspace.id, actor, sourceId: source.id, input: { plan: orderPlan("number"), onUnplanned: "bounce", onInvalid: "drop" } })).rejects.toThrow(/allow, flag, quarantine or drop/);
    await savePlan({ workspaceId: workspace.id, actor, sourceId: source.id, input: { plan: orderPlan("number"), onUnplanned: "allow", onInvalid: "drop" } });
    const out = await acceptPayload({ workspaceId: workspace.id, sourceId: source.id, endpoint: "track", body: { userId: "x", event: "Order Completed", properties: { revenue: "lots" } }, bytes: 10 });
    expect(out.body).toMatchObject({ success: true, accepted: 0, dropped: 1 });
    const other = await makeWorkspace();
    await expect(getPlan({ workspaceId: other.workspace.id, sourceId: source.id })).rejects.toThrow(/does not exist in this workspace/);
  });

  it("replays a message held from a single-call endpoint (/v1/track) as the call it was", async () => {
    const { workspace, owner } = await makeWorkspace();
    const actor = userActor(owner);
    const source = await createSource({ workspaceId: workspace.id, actor, name: uniq("Web") });
    await savePlan({ workspaceId: workspace.id, actor, sourceId: source.id, input: { plan: orderPlan("number"), onUnplanned: "allow", onInvalid: "quarantine" } });
    const out = await acceptPayload({ workspaceId: workspace.id, sourceId: source.id, endpoint: "track", body: { messageId: uniq("m"), userId: "x", event: "Order Completed", properties: { revenue: "9.90" } }, bytes: 10 });
    expect(out.body).toMatchObject({ accepted: 0, quarantined: 1 });
    await savePlan({ workspaceId: workspace.id, actor, sourceId: source.id, input: { plan: orderPlan("string"), onUnplanned: "allow", onInvalid: "quarantine" } });
    expect(await replayQuarantine({ workspaceId: workspace.id, actor, sourceId: source.id })).toMatchObject({ replayed: 1, accepted: 1, heldAgain: 0 });
  });
});
