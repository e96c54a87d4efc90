import { describe, expect, it } from "vitest";
import { backoffMs, RateLimiter, retryAfterMs } from "./http";

describe("retry timing", () => {
  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("Wed, 25 Nov 2026 10:00:05 GMT", Date.parse("Wed, 25 Nov 2026 10:00:00 GMT"))).toBe(5000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
  });

  it("backs off exponentially with full jitter, capped", () => {
    const p = { attempts: 5, baseMs: 100, maxMs: 1000 };
    expect(backoffMs(0, p, () => 1)).toBe(100);
    expect(backoffMs(3, p, () => 1)).toBe(800);
    expect(backoffMs(6, p, () => 1)).toBe(1000);
    expect(backoffMs(3, p, () => 0.5)).toBe(400);
  });

  it("lets a burst through, then spaces requests", async () => {
    const limiter = new RateLimiter(20);
    const started = Date.now();
    for (let i = 0; i < 25; i++) await limiter.take();
    // 20 from the full bucket, then 5 more at 20/s take at least ~250 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });
});
