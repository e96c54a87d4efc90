import { describe, expect, it } from "vitest";
import { guessMapping, guessType, importMappingSchema } from "./mapping";
import { convert, rowToMessage } from "./rows";

const receivedAt = new Date("2026-11-25T12:00:00Z");

describe("mapping guesses", () => {
  it("finds identifiers, consent and value types from the header and a sample", () => {
    const m = guessMapping(["customerID", "Email", "tenure", "Partner", "signup_date", "marketing_email", "Contract"], "profiles", [
      { customerID: "7590-VHVEG", Email: "a@x.com", tenure: "1", Partner: "Yes", signup_date: "2025-01-02", marketing_email: "yes", Contract: "Month-to-month" },
    ]);
    expect(m.columns).toEqual({
      customerID: { role: "user_id" },
      Email: { role: "email" },
      tenure: { role: "trait", name: "tenure", type: "number" },
      Partner: { role: "trait", name: "partner", type: "boolean" },
      signup_date: { role: "trait", name: "signup_date", type: "date" },
      marketing_email: { role: "consent", purpose: "marketing_email" },
      Contract: { role: "trait", name: "contract", type: "string" },
    });
    expect(importMappingSchema.safeParse(m).success).toBe(true);
  });
  it("guesses event columns", () => {
    const m = guessMapping(["user_id", "event", "timestamp", "revenue"], "events", [{ user_id: "u", event: "Order Completed", timestamp: "2026-01-01T10:00:00Z", revenue: "9.5" }]);
    expect(m.columns).toMatchObject({ event: { role: "event_name" }, timestamp: { role: "timestamp" }, revenue: { role: "property", type: "number" } });
  });
  it("refuses a mapping without an identifier, or events without a name", () => {
    expect(importMappingSchema.safeParse({ kind: "profiles", columns: { plan: { role: "trait", name: "plan" } } }).error?.issues[0]?.message).toMatch(/at least one column to an identifier/);
    expect(importMappingSchema.safeParse({ kind: "events", columns: { id: { role: "user_id" } } }).error?.issues[0]?.message).toMatch(/event name/);
  });
  it("types values", () => {
    expect(guessType(["1", "2.5", ""])).toBe("number");
    expect(guessType(["Yes", "no"])).toBe("boolean");
    expect(guessType(["2026-01-01", "x"])).toBe("string");
    expect(convert("1,234.5", "number")).toBe(1234.5);
    expect(convert("Yes", "boolean")).toBe(true);
    expect(() => convert("maybe", "boolean")).toThrow(/not yes\/no/);
  });
});

describe("rows to messages", () => {
  const mapping = importMappingSchema.parse({
    kind: "profiles",
    columns: { id: { role: "user_id" }, mail: { role: "email" }, ltv: { role: "trait", name: "lifetime_value", type: "number" }, ads: { role: "consent", purpose: "advertising" }, crm: { role: "external_id", type: "crm" } },
  });
  it("makes an identify with traits, consent and external ids, and a stable message id", () => {
    const m = rowToMessage({ id: "u1", mail: " Ada@Example.com ", ltv: "12.5", ads: "no", crm: "C-1" }, mapping, { importId: "imp1", rowNumber: 7, receivedAt });
    expect(m).toMatchObject({
      type: "identify",
      messageId: "import-imp1-7",
      userId: "u1",
      traits: { email: "ada@example.com", lifetime_value: 12.5 },
      context: { externalIds: [{ id: "C-1", type: "crm" }], consent: { categoryPreferences: { advertising: false } } },
    });
  });
  it("names the column and the problem of a bad row", () => {
    expect(() => rowToMessage({ id: "u1", mail: "nope", ltv: "1", ads: "", crm: "" }, mapping, { importId: "i", rowNumber: 1, receivedAt })).toThrow('column "mail": "nope" is not an email address');
    expect(() => rowToMessage({ id: "", mail: "", ltv: "1", ads: "", crm: "" }, mapping, { importId: "i", rowNumber: 1, receivedAt })).toThrow(/no identifier/);
    expect(() => rowToMessage({ id: "u", mail: "", ltv: "lots", ads: "", crm: "" }, mapping, { importId: "i", rowNumber: 1, receivedAt })).toThrow('column "ltv": "lots" is not a number');
  });
});
