import { describe, expect, it } from "vitest";
import { compileDefinition, membersSql } from "./compile";
import { interval } from "./preview";
import { definitionSchema } from "./schema";

const NOW = new Date("2026-06-01T12:00:00Z");

describe("preview estimate", () => {
  it("a share seen in the sample becomes a 95% interval around the scaled count", () => {
    // 100 of 10,000 sampled, 640,000 profiles: 6,400 expected; Wilson gives 0.82%..1.22%.
    const e = interval(100, 10_000, 640_000);
    expect(e.sampled).toBe(10_000);
    expect(e.low).toBeGreaterThan(5_200);
    expect(e.low).toBeLessThan(6_400);
    expect(e.high).toBeGreaterThan(6_400);
    expect(e.high).toBeLessThan(7_900);
  });

  it("nobody in the sample still leaves room for a few members, never below zero", () => {
    const e = interval(0, 1_000, 64_000);
    expect(e.low).toBe(0);
    expect(e.high).toBeGreaterThan(0);
    expect(e.high).toBeLessThan(64_000 * 0.005);
  });

  it("everyone in the sample caps the interval at the total", () => {
    expect(interval(500, 500, 32_000).high).toBe(32_000);
  });

  it("the sampled query reads only sampled profiles and their events, in the words of the partial indexes", () => {
    const def = definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "event", event: "Order Completed", window: { kind: "last", amount: 30, unit: "days" } },
        { type: "segment", segmentId: "seg_1", member: true },
      ],
    });
    const opts = { workspaceId: "ws_1", now: NOW, sample: true };
    const sql = membersSql(compileDefinition(def, opts), opts);
    expect(sql).toContain("(hashint8(e.profile_id) & 63) = 0");
    expect(sql).toContain("(hashint8(m.profile_id) & 63) = 0");
    expect(sql).toContain("AND (hashint8(p.id) & 63) = 0");
    const exact = membersSql(compileDefinition(def, { ...opts, sample: false }), { ...opts, sample: false });
    expect(exact).not.toContain("hashint8");
  });
});
