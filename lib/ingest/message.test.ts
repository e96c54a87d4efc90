import { describe, expect, it } from "vitest";
import { correctedTime, MessageError, parseMessage } from "./message";

const receivedAt = new Date("2026-11-25T12:00:00.000Z");
const parse = (raw: unknown, type?: Parameters<typeof parseMessage>[1]["type"]) => parseMessage(raw, { type, receivedAt });
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof MessageError) return [e.field, e.message];
  }
  return null;
};

describe("Segment message validation", () => {
  it("accepts a track with the spec's fields", () => {
    const m = parse({ messageId: "m1", userId: "u1", event: "Order Completed", properties: { revenue: 10 }, context: { ip: "1.2.3.4" }, timestamp: "2026-11-25T11:00:00Z" }, "track");
    expect(m).toMatchObject({ type: "track", messageId: "m1", userId: "u1", anonymousId: null, event: "Order Completed", properties: { revenue: 10 } });
    expect(m.ts.toISOString()).toBe("2026-11-25T11:00:00.000Z");
  });
  it("names the missing field", () => {
    expect(fieldOf(() => parse({ event: "x" }, "track"))).toEqual(["userId", "every message needs a userId or an anonymousId"]);
    expect(fieldOf(() => parse({ userId: "u" }, "track"))?.[0]).toBe("event");
    expect(fieldOf(() => parse({ userId: "u" }, "alias"))?.[0]).toBe("previousId");
    expect(fieldOf(() => parse({ userId: "u" }, "group"))?.[0]).toBe("groupId");
    expect(fieldOf(() => parse({ userId: "u", event: "x" }))).toEqual(["type", "type must be one of track, identify, page, screen, group, alias (it is missing)"]);
    expect(fieldOf(() => parse({ userId: "u", traits: [1] }, "identify"))).toEqual(["traits", "traits must be a JSON object"]);
    expect(fieldOf(() => parse({ userId: "u", event: "x", timestamp: "yesterday" }, "track"))?.[0]).toBe("timestamp");
  });
  it("refuses a message over 32 KB", () => {
    expect(fieldOf(() => parse({ userId: "u", event: "x", properties: { blob: "a".repeat(33 * 1024) } }, "track"))?.[1]).toMatch(/at most 32 KB/);
  });
  it("gives messages without an id a server id, and turns numeric ids into strings", () => {
    const m = parse({ userId: 42, event: "x" }, "track");
    expect(m.userId).toBe("42");
    expect(m.messageId).toMatch(/^srv-/);
  });
  it("keeps page names and identify traits", () => {
    expect(parse({ anonymousId: "a", name: "Home" }, "page").event).toBe("Home");
    expect(parse({ userId: "u", traits: { email: "A@x.com" } }, "identify").traits).toEqual({ email: "A@x.com" });
  });
});

describe("clock skew correction", () => {
  it("shifts the event by the client's skew when sentAt is known", () => {
    // The client's clock runs 10 minutes fast: it says it sent at 12:10 what happened at 12:05.
    const t = correctedTime(new Date("2026-11-25T12:05:00Z"), new Date("2026-11-25T12:10:00Z"), new Date("2026-11-25T12:00:01Z"));
    expect(t.toISOString()).toBe("2026-11-25T11:55:01.000Z");
  });
  it("uses the timestamp as is without sentAt, and the receipt time without either", () => {
    expect(correctedTime(new Date("2026-11-20T00:00:00Z"), null, receivedAt).toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(correctedTime(null, null, receivedAt)).toBe(receivedAt);
  });
  it("never puts an event in the future", () => {
    expect(correctedTime(new Date("2027-01-01T00:00:00Z"), null, receivedAt)).toBe(receivedAt);
  });
  it("applies the batch's sentAt to its messages", () => {
    const m = parseMessage({ userId: "u", event: "x", timestamp: "2026-11-25T12:05:00Z" }, { type: "track", receivedAt, batchSentAt: new Date("2026-11-25T12:10:00Z") });
    expect(m.ts.toISOString()).toBe("2026-11-25T11:55:00.000Z");
    expect(m.originalTimestamp?.toISOString()).toBe("2026-11-25T12:05:00.000Z");
  });
});

describe("identifying traits", () => {
  it("normalises phone numbers to digits and keeps other traits as trimmed text", async () => {
    const { messageKeys, normalizeTraitIdentifier } = await import("../identity/keys");
    expect(normalizeTraitIdentifier("phone", "+1 (555) 010-0199")).toBe("+15550100199");
    expect(normalizeTraitIdentifier("phone", "12")).toBeNull();
    expect(normalizeTraitIdentifier("crm_id", "  C-7 ")).toBe("C-7");
    const m = parse({ userId: "u", traits: { email: "A@X.io", crm_id: "C-7" } }, "identify");
    expect(messageKeys(m, ["crm_id"])).toEqual([
      { kind: "user_id", value: "u" },
      { kind: "email", value: "a@x.io" },
      { kind: "trait:crm_id", value: "C-7" },
    ]);
  });
});
