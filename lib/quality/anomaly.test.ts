import { describe, expect, it } from "vitest";
import { Rng } from "../demo/random";
import { detect, type Point } from "./anomaly";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5); // a Monday

/** Five weeks of hourly counts with a day/night cycle, quieter weekends and Poisson-like noise. */
function seasonal(seed: number, level = 200): Point[] {
  const rng = new Rng(seed);
  return Array.from({ length: 5 * 168 }, (_, i) => {
    const d = new Date(START + i * HOUR);
    const daily = 0.25 + 0.75 * Math.max(0, Math.sin(((d.getUTCHours() - 6) / 24) * 2 * Math.PI));
    const weekly = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.6 : 1;
    const lambda = level * daily * weekly;
    return { hour: START + i * HOUR, n: Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal())) };
  });
}

/** Precision and recall of the detector over the last two weeks against the hours known to be broken. */
function score(points: Point[], broken: Set<number>) {
  const from = START + 3 * 168 * HOUR;
  const verdicts = detect(points, from, START + (5 * 168 - 1) * HOUR);
  const flagged = new Set(verdicts.filter((v) => v.anomalous).map((v) => v.hour));
  const tp = [...flagged].filter((h) => broken.has(h)).length;
  return { precision: flagged.size ? tp / flagged.size : 1, recall: broken.size ? tp / broken.size : 1, flagged: flagged.size, judged: verdicts.length };
}

describe("volume anomaly detector", () => {
  it("raises almost no alarm on clean seasonal data", () => {
    for (const seed of [1, 2, 3]) {
      const r = score(seasonal(seed), new Set());
      expect(r.judged).toBe(336);
      expect(r.flagged / r.judged).toBeLessThan(0.01); // fewer than 1 false alarm in 100 hours
    }
  });

  it("finds injected outages, drops and spikes (precision and recall measured), even with a spike in the history", () => {
    let tp = 0;
    let flagged = 0;
    let injected = 0;
    for (const seed of [11, 12, 13, 14, 15]) {
      const points = seasonal(seed);
      const broken = new Set<number>();
      const rng = new Rng(seed, 99);
      // A spike in the baseline weeks: the medians must shrug it off.
      const early = 2 * 168 + 14;
      points[early]!.n *= 6;
      for (const [kind, hours] of [["outage", 3], ["drop", 4], ["spike", 2], ["drop", 2], ["spike", 3]] as const) {
        // In business hours of the last two weeks, where volume makes a change visible.
        const day = 21 + rng.int(0, 13);
        const at = day * 24 + 9 + rng.int(0, 6);
        for (let k = 0; k < hours; k++) {
          const p = points[at + k]!;
          p.n = kind === "outage" ? 0 : kind === "drop" ? Math.round(p.n * 0.2) : p.n * 4;
          broken.add(p.hour);
        }
      }
      const r = score(points, broken);
      tp += r.precision * r.flagged;
      flagged += r.flagged;
      injected += broken.size;
    }
    const precision = tp / flagged;
    const recall = tp / injected;
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.85);
  });

  it("does not judge without history, and ignores tiny volumes", () => {
    const short = seasonal(5).slice(0, 48);
    expect(detect(short, START, START + 47 * HOUR)).toHaveLength(0); // under three days of history
    const tiny = seasonal(6, 2);
    expect(score(tiny, new Set()).flagged).toBe(0);
  });
});
