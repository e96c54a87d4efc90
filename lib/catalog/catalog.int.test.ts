import { afterAll, describe, expect, it } from "vitest";
import { buildNextRollup } from "../analytics/rollups";
import { closePool, disconnectDb } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { computedTraitSchema, createComputedTrait } from "../profiles/computed";
import { createSegment, definitionSchema } from "../segments";
import { makeUser, makeWorkspace, uniq, userActor } from "../testing/fixtures";
import { detectPii, listCatalog, saveCatalogEntry } from "./catalog";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

describe("data catalog", () => {
  it("lists what was seen with volume and use, detects PII from names, and keeps what people write, owner or Admin only", async () => {
    const { workspace, owner, members } = await makeWorkspace({ members: ["marketer", "marketer"] });
    const ws = workspace.id;
    const now = new Date();
    const msg = (m: Record<string, unknown>) => parseMessage({ messageId: uniq("m"), ...m }, { receivedAt: now });
    await ingestMessages({
      workspaceId: ws,
      sourceId: null,
      messages: [
        msg({ type: "identify", userId: "ann", traits: { email: "ann@example.com", plan: "pro", phone_number: "+44 20 7946 0000" } }),
        msg({ type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 30, coupon: "X" } }),
        msg({ type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 12 } }),
      ],
    });
    while (await buildNextRollup({ workspaceId: ws }));
    const actor = userActor(owner);
    await createSegment({ workspaceId: ws, actor, name: "Pro buyers", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }, { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }] }) });
    await createComputedTrait({ workspaceId: ws, actor, input: computedTraitSchema.parse({ name: "lifetime_value", aggregate: "sum", event: "Order Completed", property: "revenue" }) });

    const all = await listCatalog({ workspaceId: ws });
    const order = all.find((i) => i.kind === "event" && i.event === "Order Completed")!;
    expect(order).toMatchObject({ volume: 2, pii: "normal" });
    expect(order.usedIn.map((u) => `${u.kind}:${u.name}`).sort()).toEqual(["computed trait:lifetime_value", "segment:Pro buyers"]);
    expect(all.find((i) => i.kind === "trait" && i.field === "email")).toMatchObject({ pii: "pii", piiDetected: true, type: "string" });
    expect(all.find((i) => i.kind === "trait" && i.field === "plan")!.usedIn.map((u) => u.name)).toEqual(["Pro buyers"]);
    const props = await listCatalog({ workspaceId: ws, kind: "property" });
    expect(props.filter((p) => p.event === "Order Completed").map((p) => p.field).sort()).toEqual(["coupon", "revenue"]);
    expect(detectPii("phone_number")).toBe("pii");
    expect(detectPii("health_condition")).toBe("sensitive");
    expect(detectPii("plan")).toBe("normal");

    // A marketer describes the event and so owns it; the other marketer cannot change it; an Admin can.
    const [first, second] = members.map((m) => m.user);
    await saveCatalogEntry({ workspaceId: ws, actor: userActor(first!), userId: first!.id, isAdmin: false, input: { kind: "event", event: "Order Completed", field: "", description: "A paid order", ownerUserId: null, team: "Growth", tags: ["revenue"], pii: null } });
    await expect(
      saveCatalogEntry({ workspaceId: ws, actor: userActor(second!), userId: second!.id, isAdmin: false, input: { kind: "event", event: "Order Completed", field: "", description: "changed", ownerUserId: null, team: "", tags: [], pii: null } }),
    ).rejects.toThrow(/Only the owner/);
    await saveCatalogEntry({ workspaceId: ws, actor, userId: owner.id, isAdmin: true, input: { kind: "trait", event: "", field: "plan", description: "Subscription plan", ownerUserId: null, team: "", tags: [], pii: "normal" } });
    const stranger = await makeUser();
    await expect(saveCatalogEntry({ workspaceId: ws, actor, userId: owner.id, isAdmin: true, input: { kind: "trait", event: "", field: "plan", description: "", ownerUserId: stranger.id, team: "", tags: [], pii: null } })).rejects.toThrow(/member of this workspace/);
    const found = await listCatalog({ workspaceId: ws, search: "revenue" });
    expect(found.map((i) => `${i.kind}:${i.event}:${i.field}`)).toEqual(expect.arrayContaining(["event:Order Completed:", "property:Order Completed:revenue"]));
    expect(found.find((i) => i.kind === "event")).toMatchObject({ description: "A paid order", team: "Growth", ownerUserId: first!.id, tags: ["revenue"] });
  });
});
