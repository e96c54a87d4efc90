/**
 * Thompson sampling over Beta posteriors of each offer's conversion rate: each decision draws a
 * plausible rate for every eligible offer from what was seen (conversions out of impressions) and
 * shows the highest draw, so offers that convert better win more often as evidence grows while
 * uncertain ones still get tried. A placement with little data of its own borrows the offer's rate
 * across all placements as its prior (contextual by placement).
 */
export type Arm = { impressions: number; conversions: number };
export type Rng = () => number;

/** Standard normal by Box–Muller. */
function normal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 boosted). */
export function gamma(shape: number, rng: Rng): number {
  if (shape < 1) return gamma(shape + 1, rng) * Math.pow(rng() || 1e-12, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(a: number, b: number, rng: Rng): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

/** How much an offer's overall rate counts as prior evidence in a placement (in impressions). */
const PRIOR_STRENGTH = 20;

/** Beta parameters for an offer in a placement: a weak prior at the offer's overall rate, then the placement's own counts. */
export function posterior(placement: Arm, overall: Arm): { a: number; b: number } {
  const rate = (overall.conversions + 1) / (overall.impressions + 2);
  return { a: 1 + rate * PRIOR_STRENGTH + placement.conversions, b: 1 + (1 - rate) * PRIOR_STRENGTH + Math.max(0, placement.impressions - placement.conversions) };
}

export type Candidate = { id: string; placement: Arm; overall: Arm };
export type Choice = { id: string; explored: boolean; draws: Record<string, number> };

/**
 * Picks one candidate: with probability `exploration`, uniformly at random (pure exploration the
 * marketer controls); otherwise the highest Thompson draw.
 */
export function choose(candidates: Candidate[], exploration: number, rng: Rng = Math.random): Choice | null {
  if (candidates.length === 0) return null;
  const draws: Record<string, number> = {};
  for (const c of candidates) {
    const { a, b } = posterior(c.placement, c.overall);
    draws[c.id] = beta(a, b, rng);
  }
  if (rng() < exploration) return { id: candidates[Math.floor(rng() * candidates.length)]!.id, explored: true, draws };
  let best = candidates[0]!.id;
  for (const c of candidates) if (draws[c.id]! > draws[best]!) best = c.id;
  return { id: best, explored: false, draws };
}

/** The chance each offer has the best rate, by sampling the posteriors (what share the bandit gives it, before exploration). */
export function probabilityBest(candidates: Candidate[], samples = 2000, rng: Rng = Math.random): Record<string, number> {
  const wins: Record<string, number> = Object.fromEntries(candidates.map((c) => [c.id, 0]));
  const params = candidates.map((c) => ({ id: c.id, ...posterior(c.placement, c.overall) }));
  for (let s = 0; s < samples; s++) {
    let best = "";
    let top = -1;
    for (const p of params) {
      const x = beta(p.a, p.b, rng);
      if (x > top) {
        top = x;
        best = p.id;
      }
    }
    wins[best]!++;
  }
  for (const k of Object.keys(wins)) wins[k] = wins[k]! / samples;
  return wins;
}

/** A 95% interval for a rate (Wilson score), for the offers page. */
export function wilson(conversions: number, impressions: number): { low: number; high: number } {
  if (impressions === 0) return { low: 0, high: 0 };
  const z = 1.96;
  const p = conversions / impressions;
  const denom = 1 + (z * z) / impressions;
  const centre = (p + (z * z) / (2 * impressions)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / impressions + (z * z) / (4 * impressions * impressions))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A seeded generator (mulberry32) for reproducible simulations. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
