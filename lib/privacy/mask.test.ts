import { describe, expect, it } from "vitest";
import { detectPii } from "./classify";
import { MASK, maskPersonal, type PiiPolicy } from "./mask";

const byName: PiiPolicy = { isPersonal: (f, kind) => detectPii(f, kind) !== "normal" };
const steward: PiiPolicy = { isPersonal: (f, kind) => f === "coupon" || (f !== "first_name" && detectPii(f, kind) !== "normal") };

describe("maskPersonal", () => {
  it("masks a profile's summary, personal traits and personal identities, and nothing else", () => {
    const profile = {
      id: "42",
      name: "Ada Lovelace",
      email: "ada@example.com",
      userId: "u-42",
      traits: { email: "ada@example.com", first_name: "Ada", phone: "+44 20", plan: "pro", address: { city: "London" }, ltv: 120 },
      identities: [
        { kind: "email", value: "ada@example.com" },
        { kind: "user_id", value: "u-42" },
        { kind: "trait:phone", value: "+4420" },
        { kind: "trait:crm_id", value: "crm-9" },
      ],
    };
    expect(maskPersonal(profile, byName)).toEqual({
      id: "42",
      name: MASK,
      email: MASK,
      userId: "u-42",
      traits: { email: MASK, first_name: MASK, phone: MASK, plan: "pro", address: MASK, ltv: 120 },
      identities: [
        { kind: "email", value: MASK },
        { kind: "user_id", value: "u-42" },
        { kind: "trait:phone", value: MASK },
        { kind: "trait:crm_id", value: "crm-9" },
      ],
    });
    expect(profile.email).toBe("ada@example.com"); // the input is not changed
  });

  it("masks inside event properties and context, follows the steward's classes, and leaves other names alone", () => {
    const events = [
      { event: "Order Completed", name: "Order Completed", properties: { revenue: 10, coupon: "ADA10", name: "Espresso", items: [{ sku: "A", email: "x@y.z" }] }, context: { ip: "10.0.0.1", page: { title: "Cart" }, traits: { first_name: "Ada", last_name: "L", name: "Ada L" } } },
    ];
    // A property's `name` is a product's; a trait's `name` is a person's.
    expect(maskPersonal(events, steward)).toEqual([
      { event: "Order Completed", name: "Order Completed", properties: { revenue: 10, coupon: MASK, name: "Espresso", items: [{ sku: "A", email: MASK }] }, context: { ip: MASK, page: { title: "Cart" }, traits: { first_name: "Ada", last_name: MASK, name: MASK } } },
    ]);
  });

  it("keeps nulls as nulls (nothing to hide) and segment or journey names as they are", () => {
    expect(maskPersonal({ segments: [{ id: "s1", name: "VIP" }], traits: { email: null } }, byName)).toEqual({ segments: [{ id: "s1", name: "VIP" }], traits: { email: null } });
  });
});
