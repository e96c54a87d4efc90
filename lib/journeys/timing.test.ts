import { describe, expect, it } from "vitest";
import { bucketOf, nextTimeOfDay, quietUntil, waitEndsAt, zonedInstant } from "./timing";

describe("journey timing", () => {
  it("finds the next time of day in the profile's zone, across clock changes", () => {
    // 2026-05-10 06:30 UTC is 08:30 in Berlin (UTC+2): the next 09:00 is 07:00 UTC the same day.
    expect(nextTimeOfDay(new Date("2026-05-10T06:30:00Z"), "09:00", "Europe/Berlin").toISOString()).toBe("2026-05-10T07:00:00.000Z");
    // Past 09:00 already: tomorrow.
    expect(nextTimeOfDay(new Date("2026-05-10T08:00:00Z"), "09:00", "Europe/Berlin").toISOString()).toBe("2026-05-11T07:00:00.000Z");
    // New York on the day clocks go forward (2026-03-08): 09:00 is UTC-4.
    expect(nextTimeOfDay(new Date("2026-03-08T05:00:00Z"), "09:00", "America/New_York").toISOString()).toBe("2026-03-08T13:00:00.000Z");
    expect(zonedInstant(2026, 1, 15, 9, 0, "Asia/Kolkata").toISOString()).toBe("2026-01-15T03:30:00.000Z");
  });

  it("computes when waits end", () => {
    const now = new Date("2026-05-10T10:00:00Z");
    expect(waitEndsAt({ mode: "duration", amount: 90, unit: "minutes" }, now, "UTC").toISOString()).toBe("2026-05-10T11:30:00.000Z");
    expect(waitEndsAt({ mode: "until_date", at: "2026-06-01T00:00:00Z" }, now, "UTC").toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(waitEndsAt({ mode: "until_date", at: "2020-01-01T00:00:00Z" }, now, "UTC").toISOString()).toBe(now.toISOString());
    expect(waitEndsAt({ mode: "event", event: "Order Completed", filters: [], timeout: { amount: 2, unit: "days" } }, now, "UTC").toISOString()).toBe("2026-05-12T10:00:00.000Z");
  });

  it("holds sends in quiet hours until they end, over midnight too", () => {
    const q = { start: "21:00", end: "08:00" };
    expect(quietUntil(new Date("2026-05-10T19:30:00Z"), q, "Europe/Berlin")?.toISOString()).toBe("2026-05-11T06:00:00.000Z");
    expect(quietUntil(new Date("2026-05-10T04:00:00Z"), q, "Europe/Berlin")?.toISOString()).toBe("2026-05-10T06:00:00.000Z");
    expect(quietUntil(new Date("2026-05-10T12:00:00Z"), q, "Europe/Berlin")).toBeNull();
    expect(quietUntil(new Date("2026-05-10T12:30:00Z"), { start: "12:00", end: "13:00" }, "UTC")?.toISOString()).toBe("2026-05-10T13:00:00.000Z");
    expect(quietUntil(new Date("2026-05-10T12:30:00Z"), null, "UTC")).toBeNull();
  });

  it("splits evenly and stably", () => {
    const buckets = Array.from({ length: 20_000 }, (_, i) => bucketOf(`journey:${i}:split`));
    const under50 = buckets.filter((b) => b < 50).length / buckets.length;
    expect(under50).toBeGreaterThan(0.48);
    expect(under50).toBeLessThan(0.52);
    expect(bucketOf("journey:7:split")).toBe(bucketOf("journey:7:split"));
  });
});
