import { describe, expect, it } from "vitest";
import { definitionSchema } from "@/lib/segments/schema";
import { definitionText } from "./describe";

describe("definitions in plain words", () => {
  it("reads a cart-abandonment segment with an exclusion as a sentence", () => {
    const def = definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "sequence", first: { event: "Product Added" }, then: { event: "Order Completed" }, followed: false, within: { amount: 1, unit: "hours" }, window: { kind: "last", amount: 7, unit: "days" } },
        { type: "trait", trait: "plan", valueType: "string", op: "in", values: ["pro", "team"] },
        { type: "group", op: "or", negate: true, conditions: [{ type: "consent", purpose: "marketing_email", granted: false }, { type: "segment", segmentId: "s1", member: true }] },
      ],
    });
    expect(definitionText(def, () => "Staff")).toBe(
      "People who did Product Added, and no Order Completed within 1 hour or since (Product Added in the last 7 days) and plan is one of “pro”, “team” and (not (has not granted consent for marketing email or is in segment “Staff”))",
    );
  });

  it("reads counts, totals, windows and seen times", () => {
    const def = definitionSchema.parse({
      type: "group",
      op: "or",
      conditions: [
        { type: "event", event: "Order Completed", measure: { kind: "count", op: "at_least", value: 3 }, window: { kind: "last", amount: 30, unit: "days" }, filters: [{ property: "category", valueType: "string", op: "eq", value: "coffee" }] },
        { type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gt", value: 100 } },
        { type: "no_event", event: "Email Opened", window: { kind: "last", amount: 14, unit: "days" } },
        { type: "seen", which: "last", op: "within_last", within: { amount: 1, unit: "days" } },
      ],
    });
    expect(definitionText(def)).toBe(
      "People who did Order Completed where category is “coffee” at least 3 times in the last 30 days or did Order Completed with total revenue more than 100 ever or did not do Email Opened in the last 14 days or was last seen within the last 1 day",
    );
    expect(definitionText({ type: "group", op: "and", conditions: [] })).toBe("Everyone");
  });
});
