import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../../db";
import { acceptPayload } from "../../ingest/accept";
import { makeWorkspace, uniq } from "../../testing/fixtures";
import { createSource } from "../sources";
import { stepsSchema } from "./steps";
import { getTransformations, listQuarantine, previewTransformations, replayQuarantine, saveTransformations } from "./store";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));
const ACTOR = { type: "system" as const, label: "transform test" };

describe("transformations at ingest", () => {
  it("apply in order, drop on purpose, quarantine a failing message, and replay it once the steps are fixed", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const source = await createSource({ workspaceId: ws, actor: ACTOR, name: "Shop" });
    const steps = stepsSchema.parse([
      { kind: "drop_event", when: { field: "event", op: "eq", value: "Test Ping" } },
      { kind: "normalize", field: "userId" },
      { kind: "rename", from: "properties.qty", to: "properties.quantity" },
      { kind: "cast", field: "properties.price", to: "number" },
      { kind: "derive", to: "properties.revenue", expression: "properties.price * properties.quantity" },
    ]);
    expect((await saveTransformations({ workspaceId: ws, actor: ACTOR, sourceId: source.id, steps })).version).toBe(1);
    const send = (batch: unknown[]) => acceptPayload({ workspaceId: ws, sourceId: source.id, endpoint: "batch", body: { batch }, bytes: 100 });
    const good = { type: "track", messageId: uniq("m"), userId: " ANN ", event: "Order Completed", properties: { price: "10", qty: 3 } };
    const bad = { type: "track", messageId: uniq("m"), userId: "bob", event: "Order Completed", properties: { price: "ten", qty: 1 } };
    const ping = { type: "track", messageId: uniq("m"), userId: "ann", event: "Test Ping" };
    const r = await send([good, bad, ping]);
    expect(r.body).toMatchObject({ success: true, accepted: 1, dropped: 1, quarantined: 1 });

    const { rows } = await pool().query<{ user_id: string; properties: Record<string, unknown> }>("SELECT user_id, properties FROM events WHERE workspace_id = $1 ORDER BY id", [ws]);
    expect(rows).toEqual([{ user_id: "ann", properties: { price: 10, quantity: 3, revenue: 30 } }]);
    const q = await listQuarantine({ workspaceId: ws, sourceId: source.id });
    expect(q.held).toBe(1);
    expect(q.items[0]).toMatchObject({ reason: "Step 4 (cast): properties.price is “ten”, not a number", payload: bad });

    // The preview shows what the steps make of recent events, before saving.
    const preview = await previewTransformations({ workspaceId: ws, sourceId: source.id, steps: stepsSchema.parse([{ kind: "drop_event", when: { field: "properties.revenue", op: "exists", value: "" } }]) });
    expect(preview.map((p) => p.outcome.kind)).toEqual(["drop"]);

    // Fix the steps (unparseable prices become 0), replay: stored once, nothing left held; a second replay stores nothing.
    const fixed = stepsSchema.parse([...steps.slice(0, 3), { kind: "map_values", field: "properties.price", map: { ten: "10" } }, ...steps.slice(3)]);
    expect((await saveTransformations({ workspaceId: ws, actor: ACTOR, sourceId: source.id, steps: fixed })).version).toBe(2);
    expect(await replayQuarantine({ workspaceId: ws, actor: ACTOR, sourceId: source.id })).toEqual({ replayed: 1, accepted: 1, heldAgain: 0, dropped: 0 });
    expect(await replayQuarantine({ workspaceId: ws, actor: ACTOR, sourceId: source.id })).toEqual({ replayed: 0, accepted: 0, heldAgain: 0, dropped: 0 });
    expect((await listQuarantine({ workspaceId: ws, sourceId: source.id })).held).toBe(0);
    const bob = await pool().query<{ properties: Record<string, unknown> }>("SELECT properties FROM events WHERE workspace_id = $1 AND user_id = 'bob'", [ws]);
    expect(bob.rows.map((b) => b.properties)).toEqual([{ price: 10, quantity: 1, revenue: 10 }]);
    expect((await getTransformations({ workspaceId: ws, sourceId: source.id })).history.map((h) => h.version)).toEqual([2, 1]);

    // Another workspace cannot see them.
    const { workspace: other } = await makeWorkspace();
    await expect(getTransformations({ workspaceId: other.id, sourceId: source.id })).rejects.toThrow(/does not exist/);
  });
});
