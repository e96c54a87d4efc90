import { describe, expect, it } from "vitest";
import { assertWithinLimit, take } from "./throttle";

const limit = { name: "test", perSecond: 2, burst: 3 };

describe("rate limits", () => {
  it("allows a burst, then the average rate, and says when to retry", () => {
    const t0 = 1_000_000;
    expect([take(limit, "k", t0), take(limit, "k", t0), take(limit, "k", t0)]).toEqual([0, 0, 0]);
    expect(take(limit, "k", t0)).toBe(1); // empty: one token comes back in half a second, rounded up
    expect(take(limit, "k", t0 + 500)).toBe(0);
    expect(take(limit, "k", t0 + 500)).toBeGreaterThan(0);
    expect(take(limit, "k", t0 + 10_000)).toBe(0); // refilled, up to the burst only
    expect(take(limit, "other", t0)).toBe(0); // keys are independent
  });

  it("refuses with rate_limited and the seconds to wait", () => {
    const slow = { name: "slow", perSecond: 0.1, burst: 1 };
    assertWithinLimit(slow, "ip", 0);
    expect(() => assertWithinLimit(slow, "ip", 0)).toThrow(/at most 0.1 per second. Retry in 10 s/);
  });
});
