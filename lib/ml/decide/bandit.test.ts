import { describe, expect, it } from "vitest";
import { beta, choose, probabilityBest, seeded, wilson, type Candidate } from "./bandit";

describe("the bandit", () => {
  it("draws Beta samples with the right mean and spread", () => {
    const rng = seeded(1);
    const xs = Array.from({ length: 20_000 }, () => beta(3, 7, rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.3, 2); // a / (a + b)
    expect(variance).toBeCloseTo((3 * 7) / (10 * 10 * 11), 3); // ab / ((a+b)²(a+b+1))
  });

  it("converges to the best of three simulated offers and keeps exploring at the share asked", () => {
    const rates: Record<string, number> = { a: 0.02, b: 0.05, c: 0.1 };
    const arms: Record<string, { impressions: number; conversions: number }> = { a: { impressions: 0, conversions: 0 }, b: { impressions: 0, conversions: 0 }, c: { impressions: 0, conversions: 0 } };
    const rng = seeded(42);
    const late: Record<string, number> = { a: 0, b: 0, c: 0 };
    let explored = 0;
    const rounds = 6000;
    for (let t = 0; t < rounds; t++) {
      const candidates: Candidate[] = Object.keys(arms).map((id) => ({ id, placement: arms[id]!, overall: arms[id]! }));
      const pick = choose(candidates, 0.1, rng)!;
      if (pick.explored) explored++;
      arms[pick.id]!.impressions++;
      if (rng() < rates[pick.id]!) arms[pick.id]!.conversions++;
      if (t >= rounds - 1000) late[pick.id]!++;
    }
    expect(late.c / 1000).toBeGreaterThan(0.8);
    expect(explored / rounds).toBeGreaterThan(0.08);
    expect(explored / rounds).toBeLessThan(0.12);
    const best = probabilityBest(Object.keys(arms).map((id) => ({ id, placement: arms[id]!, overall: arms[id]! })), 2000, seeded(7));
    expect(best.c).toBeGreaterThan(0.9);
  });

  it("a 95% Wilson interval around a rate", () => {
    const w = wilson(10, 100);
    expect(w.low).toBeCloseTo(0.0552, 3);
    expect(w.high).toBeCloseTo(0.1744, 3);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 0 });
  });
});
