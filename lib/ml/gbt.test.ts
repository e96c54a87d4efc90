import { describe, expect, it } from "vitest";
import { binColumns, fitGbt, gbtRaw } from "./gbt";
import { sigmoid } from "./logistic";
import { rocAuc } from "./metrics";

describe("gradient-boosted trees", () => {
  it("one stump reaches the Newton leaf values worked out by hand", async () => {
    // x = 1..4, y = 0 0 1 1. From p = 0.5: g = ±0.5, h = 0.25. The split x ≤ 2.5 leaves G = 1, H = 0.5
    // on the left: leaf −G/(H+λ) = −2 with λ = 0, −1/1.5 with λ = 1; the right mirrors it.
    const cols = [Float64Array.from([1, 2, 3, 4])];
    const y = [0, 0, 1, 1];
    const m = await fitGbt(cols, 4, y, { trees: 1, depth: 1, learningRate: 1, lambda: 0, minChildWeight: 0 });
    expect(m.base).toBe(0);
    expect(m.trees[0]!.threshold[0]).toBe(2.5);
    expect(Array.from(gbtRaw(m, cols, 4))).toEqual([-2, -2, 2, 2]);
    const r = await fitGbt(cols, 4, y, { trees: 1, depth: 1, learningRate: 1, lambda: 1, minChildWeight: 0 });
    expect(gbtRaw(r, cols, 4)[0]).toBeCloseTo(-1 / 1.5, 12);
  });

  it("sends missing values to the side that gains more", async () => {
    const cols = [Float64Array.from([1, 2, NaN, NaN, 3, 4])];
    const y = [0, 0, 1, 1, 1, 1];
    const m = await fitGbt(cols, 6, y, { trees: 1, depth: 1, learningRate: 1, lambda: 0, minChildWeight: 0 });
    expect(m.trees[0]!.missingLeft[0]).toBe(false);
    const p = gbtRaw(m, [Float64Array.from([NaN, 1])], 2);
    expect(p[0]).toBeGreaterThan(0);
    expect(p[1]).toBeLessThan(0);
  });

  it("learns an interaction a linear model cannot (XOR), and early stopping keeps the best trees", async () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const make = (n: number) => {
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      const noise = new Float64Array(n);
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        a[i] = rand();
        b[i] = rand();
        noise[i] = rand();
        const xor = a[i]! > 0.5 !== b[i]! > 0.5;
        y.push(rand() < (xor ? 0.9 : 0.1) ? 1 : 0);
      }
      return { cols: [a, b, noise], y, n };
    };
    const train = make(3000);
    const valid = make(1000);
    const m = await fitGbt(train.cols, train.n, train.y, { trees: 200, depth: 3, valid });
    const auc = rocAuc(gbtRaw(m, valid.cols, valid.n), valid.y);
    expect(auc).toBeGreaterThan(0.85); // the best possible here is 0.9
    expect(m.trees.length).toBeLessThan(200);
    expect(m.importance[2]).toBeLessThan(m.importance[0]! / 5); // the noise column barely matters
    const probs = Array.from(gbtRaw(m, valid.cols, valid.n), sigmoid);
    const mean = probs.reduce((s, p) => s + p, 0) / probs.length;
    expect(mean).toBeCloseTo(valid.y.reduce((s, v) => s + v, 0) / valid.n, 1);
  });

  it("cuts many values into quantile buckets and few into one bucket each", async () => {
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const { edges, codes } = binColumns([many, Float64Array.from({ length: 1000 }, (_, i) => i % 3)], 1000, 10);
    expect(edges[0]!.length).toBe(9);
    expect(codes[0]![0]).toBe(0);
    expect(codes[0]![999]).toBe(9);
    expect(Array.from(edges[1]!)).toEqual([0.5, 1.5]);
  });
});
