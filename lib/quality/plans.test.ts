import { describe, expect, it } from "vitest";
import { parseMessage } from "../ingest/message";
import { normalizePlan } from "./plan-schema";
import { checkMessage, compilePlan, parsePlan } from "./plans";

const plan = parsePlan({
  events: [
    { name: "Order Completed", properties: { type: "object", required: ["revenue"], properties: { revenue: { type: "number", minimum: 0 }, currency: { type: "string", enum: ["USD", "EUR"] } } } },
    { name: "Signed Up", properties: { type: "object", additionalProperties: false, properties: { plan: { type: "string" } } } },
  ],
  identify: { traits: { type: "object", properties: { email: { type: "string", pattern: "@" }, age: { type: "integer" } } } },
});
const compiled = compilePlan({ sourceId: "s", plan, onUnplanned: "flag", onInvalid: "quarantine", version: 1, updatedBy: "", updatedAt: "" });
const check = (raw: Record<string, unknown>) => checkMessage(compiled, parseMessage({ messageId: "m1", userId: "u1", ...raw }, { receivedAt: new Date() }));

describe("tracking plan checks", () => {
  it("passes what matches and names each problem of what does not", () => {
    expect(check({ type: "track", event: "Order Completed", properties: { revenue: 12.5, currency: "EUR" } })).toEqual([]);
    expect(check({ type: "track", event: "Order Completed", properties: { revenue: "12", currency: "JPY" } })).toEqual([
      { event: "Order Completed", path: "revenue", kind: "type", message: "revenue must be number" },
      { event: "Order Completed", path: "currency", kind: "enum", message: "currency must be equal to one of the allowed values" },
    ]);
    expect(check({ type: "track", event: "Order Completed", properties: {} })).toEqual([{ event: "Order Completed", path: "revenue", kind: "required", message: "revenue is required" }]);
    expect(check({ type: "track", event: "Signed Up", properties: { plan: "pro", coupon: "X" } })).toEqual([{ event: "Signed Up", path: "coupon", kind: "unplanned property", message: "coupon is not in the plan" }]);
  });

  it("reports unplanned events, checks identify traits, and leaves pages alone", () => {
    expect(check({ type: "track", event: "Cart Viewed" })).toEqual([{ event: "Cart Viewed", path: "", kind: "unplanned event", message: "Cart Viewed is not in the tracking plan" }]);
    expect(check({ type: "identify", traits: { email: "ada@example.com", age: 36 } })).toEqual([]);
    expect(check({ type: "identify", traits: { email: "nope", age: 36.5 } }).map((v) => `${v.path}:${v.kind}`)).toEqual(["email:pattern", "age:type"]);
    expect(check({ type: "page", name: "Home" })).toEqual([]);
  });

  it("refuses a plan that cannot work, saying what to fix", () => {
    expect(() => parsePlan({ events: [{ name: "A" }, { name: "A" }] })).toThrow(/planned twice/);
    expect(() => parsePlan({ events: [{ name: "A", properties: { type: "objekt" } }] })).toThrow(/JSON Schema of “A” is not valid/);
    expect(() => parsePlan({ events: [{ name: "" }] })).toThrow(/needs a name/);
  });

  it("imports a Segment Protocols export", () => {
    const segment = {
      rules: {
        events: [{ name: "Order Completed", description: "An order", rules: { type: "object", properties: { properties: { type: "object", required: ["revenue"], properties: { revenue: { type: "number" } } } } } }],
        identify: { type: "object", properties: { traits: { type: "object", properties: { email: { type: "string" } } } } },
      },
    };
    expect(parsePlan(normalizePlan(segment))).toEqual({
      events: [{ name: "Order Completed", description: "An order", properties: { type: "object", required: ["revenue"], properties: { revenue: { type: "number" } } } }],
      identify: { traits: { type: "object", properties: { email: { type: "string" } } } },
    });
  });
});
