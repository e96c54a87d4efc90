import { describe, expect, it } from "vitest";
import { fitLogistic, logisticRaw, sigmoid, solveSpd } from "./logistic";

const logit = (p: number) => Math.log(p / (1 - p));

describe("logistic regression", () => {
  it("reaches the known maximum-likelihood answer: one binary feature, rates 30% and 60%", async () => {
    // Without regularisation the MLE is exact: intercept = logit(0.3), coefficient = logit(0.6) − logit(0.3).
    const rows: [number, number][] = [];
    for (let i = 0; i < 100; i++) rows.push([0, i < 30 ? 1 : 0]);
    for (let i = 0; i < 100; i++) rows.push([1, i < 60 ? 1 : 0]);
    const X = Float64Array.from(rows.map((r) => r[0]));
    const y = rows.map((r) => r[1]);
    const m = await fitLogistic(X, rows.length, 1, y, { l2: 0 });
    expect(m.intercept).toBeCloseTo(logit(0.3), 10);
    expect(m.coef[0]).toBeCloseTo(logit(0.6) - logit(0.3), 10);
    expect(m.iterations).toBeLessThan(15);
    expect(sigmoid(logisticRaw(m, Float64Array.from([1]), 1)[0]!)).toBeCloseTo(0.6, 10);
  });

  it("with L2, the penalised gradient is zero at the answer, and weights count rows that many times", async () => {
    const n = 400;
    const p = 3;
    const X = new Float64Array(n * p);
    const y: number[] = [];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) X[i * p + j] = rand() * 2 - 1;
      y.push(rand() < sigmoid(1.5 * X[i * p]! - 2 * X[i * p + 1]!) ? 1 : 0);
    }
    const l2 = 2;
    const m = await fitLogistic(X, n, p, y, { l2 });
    const grad = [0, 0, 0, 0];
    const z = logisticRaw(m, X, n);
    for (let i = 0; i < n; i++) {
      const r = sigmoid(z[i]!) - y[i]!;
      grad[0]! += r;
      for (let j = 0; j < p; j++) grad[j + 1]! += r * X[i * p + j]!;
    }
    for (let j = 0; j < p; j++) grad[j + 1]! += l2 * m.coef[j]!;
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-8);
    expect(m.coef[0]).toBeGreaterThan(0.8);
    expect(m.coef[1]).toBeLessThan(-1);
    // Weight 2 on every row is the same as each row twice.
    const doubled = new Float64Array(2 * n * p);
    doubled.set(X);
    doubled.set(X, n * p);
    const a = await fitLogistic(X, n, p, y, { l2, weights: new Float64Array(n).fill(2) });
    const b = await fitLogistic(doubled, 2 * n, p, [...y, ...y], { l2 });
    expect(a.intercept).toBeCloseTo(b.intercept, 9);
    a.coef.forEach((c, j) => expect(c).toBeCloseTo(b.coef[j]!, 9));
  });

  it("solves a symmetric positive-definite system", async () => {
    const A = Float64Array.from([4, 1, 1, 3]);
    expect(Array.from(solveSpd(A, Float64Array.from([1, 2]), 2)).map((v) => Math.round(v * 1e10) / 1e10)).toEqual([1 / 11, 7 / 11].map((v) => Math.round(v * 1e10) / 1e10));
  });
});
