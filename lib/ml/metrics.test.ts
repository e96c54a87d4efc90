import { describe, expect, it } from "vitest";
import { calibration, liftTable, logLoss, prAuc, psi, rocAuc } from "./metrics";

describe("classifier metrics, on cases worked out by hand", () => {
  it("ROC AUC counts the pairs ranked right, ties as half", () => {
    // Pairs (positive, negative): (0.35 > 0.1 ✓), (0.35 < 0.4 ✗), (0.8 > 0.1 ✓), (0.8 > 0.4 ✓) → 3 of 4.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875); // one tie: 3.5 of 4
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it("PR AUC is the average precision at each positive", () => {
    // Ranked: 0.8 (+) precision 1/1, 0.4 (−), 0.35 (+) precision 2/3 → (1 + 2/3) / 2.
    expect(prAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 12);
    expect(prAuc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
  });

  it("log loss, calibration bins, lift and gains", () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2), 12);
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
    expect(calibration([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1])).toEqual([
      { predicted: 0.05, observed: 0, count: 1 },
      { predicted: (0.15 + 0.12) / 2, observed: 0.5, count: 2 },
      { predicted: 0.95, observed: 1, count: 1 },
    ]);
    // 20 profiles, 4 positives, all among the top two scores' decile and the next.
    const scores = Array.from({ length: 20 }, (_, i) => 1 - i / 20);
    const labels = scores.map((_, i) => (i < 3 || i === 5 ? 1 : 0));
    const lift = liftTable(scores, labels);
    expect(lift[0]).toEqual({ decile: 1, count: 2, positives: 2, rate: 1, lift: 5, cumulativeGain: 0.5 });
    expect(lift[1]).toMatchObject({ positives: 1, cumulativeGain: 0.75 });
    expect(lift[2]).toMatchObject({ positives: 1, cumulativeGain: 1 });
    expect(lift[9]).toMatchObject({ positives: 0, cumulativeGain: 1 });
  });

  it("PSI is zero for the same distribution and large for a shifted one", () => {
    const ref = Array.from({ length: 1000 }, (_, i) => i / 1000);
    expect(psi(ref, ref)).toBeCloseTo(0, 10);
    expect(psi(ref, ref.map((x) => x + 0.5))).toBeGreaterThan(0.25);
    expect(psi(ref, ref.map((x) => x + 0.01))).toBeLessThan(0.1);
  });
});
