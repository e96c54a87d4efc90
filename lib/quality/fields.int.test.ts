import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { checkFields, listAnomalies } from ".";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 1, 0);

async function hourOfOrders(ws: string, hour: number, props: (i: number) => Record<string, unknown>) {
  const messages = Array.from({ length: 25 }, (_, i) => {
    const ts = new Date(hour + i * 60_000).toISOString();
    return parseMessage({ type: "track", messageId: uniq("m"), userId: `u${i}`, event: "Order Completed", properties: props(i), timestamp: ts }, { receivedAt: new Date(ts) });
  });
  await ingestMessages({ workspaceId: ws, sourceId: null, messages });
}

describe("schema drift and null shares", () => {
  it("learns each event's properties, then reports a new property, a new type and a property that went missing", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const usual = (i: number) => ({ revenue: 10 + i, coupon: `C${i}`, currency: "EUR" });
    for (let h = 0; h < 26; h++) {
      await hourOfOrders(ws, START + h * HOUR, usual);
      expect(await checkFields(ws, new Date(START + h * HOUR), "http://app")).toEqual([]);
    }
    // A release ships: revenue as text, a new promo property, and coupon no longer sent.
    const broken = START + 26 * HOUR;
    await hourOfOrders(ws, broken, (i) => ({ revenue: `${10 + i}.00`, promo: "BF", currency: "EUR" }));
    const found = await checkFields(ws, new Date(broken), "http://app");
    expect(found.map((f) => `${f.kind}:${f.subject}:${f.direction}`).sort()).toEqual([
      "nulls:Order Completed.coupon:nulls",
      "schema:Order Completed.promo:new property",
      "schema:Order Completed.revenue:new type",
    ]);
    expect(found.find((f) => f.direction === "new type")!.detail).toBe("Order Completed.revenue came as string, before always number");
    expect(found.find((f) => f.kind === "nulls")).toMatchObject({ observed: 100, expected: 0 });
    expect((await listAnomalies({ workspaceId: ws, status: "open" })).map((a) => a.kind).sort()).toEqual(["nulls", "schema", "schema"]);

    // Fixed an hour later: the null share closes by itself; schema changes wait for a person.
    const fixed = START + 27 * HOUR;
    await hourOfOrders(ws, fixed, (i) => ({ revenue: 10 + i, coupon: `C${i}`, currency: "EUR", promo: "BF" }));
    expect(await checkFields(ws, new Date(fixed), "http://app")).toEqual([]);
    const open = await listAnomalies({ workspaceId: ws, status: "open" });
    expect(open.map((a) => a.kind).sort()).toEqual(["schema", "schema"]);
  });

  it("reports a property with few values suddenly taking new ones, never one with many values like an order id", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    let order = 0;
    for (let h = 0; h < 25; h++) {
      await hourOfOrders(ws, START + h * HOUR, (i) => ({ order_id: `o-${order++}`, currency: i % 3 ? "EUR" : "USD", plan: "pro" }));
      expect(await checkFields(ws, new Date(START + h * HOUR), "http://app")).toEqual([]);
    }
    // A release lower-cases the currency for most orders; a new plan shows up in a few (under 30%: fine).
    const changed = START + 25 * HOUR;
    await hourOfOrders(ws, changed, (i) => ({ order_id: `o-${order++}`, currency: i < 15 ? "eur" : "EUR", plan: i < 3 ? "team" : "pro" }));
    const found = await checkFields(ws, new Date(changed), "http://app");
    expect(found).toEqual([expect.objectContaining({ kind: "values", subject: "Order Completed.currency", direction: "new values", observed: 60 })]);
    expect(found[0]!.detail).toBe('60% of Order Completed.currency came with values never seen before ("eur")');
    // It waits for a person, even once the new value is known.
    await hourOfOrders(ws, changed + HOUR, (i) => ({ order_id: `o-${order++}`, currency: i < 15 ? "eur" : "EUR", plan: "pro" }));
    expect(await checkFields(ws, new Date(changed + HOUR), "http://app")).toEqual([]);
    expect((await listAnomalies({ workspaceId: ws, status: "open" })).map((a) => `${a.kind}:${a.subject}`)).toEqual(["values:Order Completed.currency"]);
  });

  it("does not judge an event it has profiled for less than a day", async () => {
    const { workspace } = await makeWorkspace();
    await hourOfOrders(workspace.id, START, (i) => ({ revenue: i }));
    await checkFields(workspace.id, new Date(START), "http://app");
    await hourOfOrders(workspace.id, START + HOUR, () => ({ revenue: "x", brand_new: true }));
    expect(await checkFields(workspace.id, new Date(START + HOUR), "http://app")).toEqual([]);
  });
});
