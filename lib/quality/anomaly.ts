/**
 * Volume anomaly detection against a series' own seasonal baseline. The expected count for an hour
 * is the median of the same hour of the week in the previous weeks (when there are at least two),
 * else of the same hour of day in the previous days; its spread is the median absolute deviation of
 * those values (scaled to a standard deviation), never less than Poisson noise. Medians ignore the
 * odd spike or outage in the history, so one bad day does not poison the baseline. An hour is
 * anomalous when it is `threshold` spreads away from the expectation and differs by at least
 * `minDifference` events (tiny volumes do not page anyone).
 */
export type Point = { hour: number; n: number };
export type Verdict = { hour: number; observed: number; expected: number; spread: number; score: number; direction: "spike" | "drop"; anomalous: boolean };
export type DetectorOptions = { threshold?: number; minDifference?: number; weeks?: number };

const HOUR = 3_600_000;
const WEEK = 168;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Judges one hour given the series (hour → count; missing hours after `start` count as 0) before it. */
export function judgeHour(counts: Map<number, number>, start: number, hour: number, opts: DetectorOptions = {}): Verdict | null {
  const threshold = opts.threshold ?? 4;
  const minDifference = opts.minDifference ?? 10;
  const at = (h: number) => counts.get(h) ?? 0;
  const back = (n: number, step: number) => Array.from({ length: n }, (_, i) => hour - (i + 1) * step).filter((h) => h >= start);
  const weeksBack = back(opts.weeks ?? 4, WEEK * HOUR);
  const daysBack = back(7, 24 * HOUR);
  const base = weeksBack.length >= 2 ? weeksBack.map(at) : daysBack.length >= 3 ? daysBack.map(at) : null;
  if (!base) return null; // not enough history to judge
  const expected = median(base);
  const mad = median(base.map((x) => Math.abs(x - expected))) * 1.4826;
  const spread = Math.max(mad, Math.sqrt(Math.max(expected, 1)), 1);
  const observed = at(hour);
  const score = (observed - expected) / spread;
  return { hour, observed, expected, spread, score, direction: score >= 0 ? "spike" : "drop", anomalous: Math.abs(score) >= threshold && Math.abs(observed - expected) >= minDifference };
}

/** Every hour of [from, to] judged against the history before it (the series starts at its first point). */
export function detect(points: Point[], from: number, to: number, opts: DetectorOptions = {}): Verdict[] {
  const counts = new Map(points.map((p) => [p.hour, p.n]));
  const start = Math.min(...points.map((p) => p.hour));
  const out: Verdict[] = [];
  for (let h = from; h <= to; h += HOUR) {
    const v = judgeHour(counts, start, h, opts);
    if (v) out.push(v);
  }
  return out;
}
