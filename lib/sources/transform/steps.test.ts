import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { evaluate, parseExpression } from "./expression";
import { applySteps, stepsSchema } from "./steps";

const order = { type: "track", event: "Order Completed", userId: "  Ann@Example.COM ", properties: { price: "12.50", qty: 2, currency: "usd", coupon: "" }, context: { ip: "1.2.3.4" } };
const run = (steps: unknown[], msg: Record<string, unknown> = order) => applySteps(stepsSchema.parse(steps), msg);

describe("transformation steps", () => {
  it("rename, drop, copy and default", () => {
    const r = run([
      { kind: "rename", from: "properties.qty", to: "properties.quantity" },
      { kind: "drop", field: "context.ip" },
      { kind: "copy", from: "properties.currency", to: "traits.last_currency" },
      { kind: "default", field: "properties.coupon", value: "none" },
      { kind: "default", field: "properties.channel", value: "web" },
    ]);
    expect(r).toEqual({ kind: "keep", message: { ...order, properties: { price: "12.50", quantity: 2, currency: "usd", coupon: "none", channel: "web" }, context: {}, traits: { last_currency: "usd" } } });
  });

  it("cast, normalize identifiers, hash", () => {
    const r = run([
      { kind: "cast", field: "properties.price", to: "number" },
      { kind: "normalize", field: "userId" },
      { kind: "hash", field: "properties.currency" },
    ]);
    expect(r.kind === "keep" && r.message).toMatchObject({ userId: "ann@example.com", properties: { price: 12.5, currency: createHash("sha256").update("usd").digest("hex") } });
  });

  it("drops events by a condition, and maps values", () => {
    expect(run([{ kind: "drop_event", when: { field: "event", op: "in", value: "Test Event, Order Completed" } }])).toEqual({ kind: "drop", reason: "Step 1: event in Test Event, Order Completed" });
    const r = run([{ kind: "map_values", field: "properties.currency", map: { usd: "USD", eur: "EUR" } }]);
    expect(r.kind === "keep" && (r.message.properties as Record<string, unknown>).currency).toBe("USD");
    const other = run([{ kind: "map_values", field: "properties.currency", map: { eur: "EUR" }, otherwise: "OTHER" }]);
    expect(other.kind === "keep" && (other.message.properties as Record<string, unknown>).currency).toBe("OTHER");
  });

  it("derives a property from an expression", () => {
    const r = run([{ kind: "derive", to: "properties.revenue", expression: "round(properties.price * properties.qty, 2)" }, { kind: "derive", to: "properties.label", expression: "upper(properties.currency) + ' ' + properties.price" }]);
    expect(r.kind === "keep" && r.message.properties).toMatchObject({ revenue: 25, label: "USD 12.50" });
  });

  it("a failing step quarantines the message with the reason", () => {
    expect(run([{ kind: "cast", field: "properties.currency", to: "number" }])).toEqual({ kind: "quarantine", reason: "Step 1 (cast): properties.currency is “usd”, not a number", step: 0 });
    expect(run([{ kind: "derive", to: "properties.x", expression: "properties.missing * 2" }])).toMatchObject({ kind: "quarantine", reason: "Step 1 (derive): properties.missing is missing" });
    expect(run([{ kind: "derive", to: "properties.x", expression: "properties.qty / (properties.qty - 2)" }])).toMatchObject({ kind: "quarantine", reason: expect.stringMatching(/cannot divide/) });
  });

  it("refuses bad steps and expressions with messages that say what to fix", () => {
    expect(stepsSchema.safeParse([{ kind: "rename", from: "price", to: "properties.price" }]).error?.issues[0]!.message).toMatch(/starts with properties\./);
    expect(stepsSchema.safeParse([{ kind: "derive", to: "properties.x", expression: "process.exit(1)" }]).error?.issues[0]!.message).toMatch(/Unknown function process.exit|fields start with/);
    expect(() => parseExpression("properties.a +")).toThrow(/ends too early/);
    expect(evaluate(parseExpression("-(1 + 2) * 3"), () => undefined)).toBe(-9);
    expect(evaluate(parseExpression("coalesce(traits.nick, traits.name, 'friend')"), (p) => (p === "traits.name" ? "Ann" : undefined))).toBe("Ann");
  });
});
