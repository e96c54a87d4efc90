import { describe, expect, it } from "vitest";
import { detectPii } from "./classify";

describe("PII class from a field's name", () => {
  it("finds identifiers and special categories", () => {
    expect(["email", "phone", "first_name", "home_address", "ip", "zip", "name"].map((f) => detectPii(f))).toEqual(Array(7).fill("pii"));
    expect(detectPii("health_condition")).toBe("sensitive");
    expect(detectPii("name", "property")).toBe("normal"); // a product's name
  });
  it("leaves attributes that only start like personal data alone", () => {
    expect(["phone_service", "email_opt_in", "address_verified", "phone_plan", "plan", "tenure"].map((f) => detectPii(f))).toEqual(Array(6).fill("normal"));
  });
});
