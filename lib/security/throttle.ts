import { AppError } from "../errors";

/**
 * Rate limits for public endpoints: a token bucket per (limit, key) in this process — a write key,
 * an API key, a webhook source or a client address. Each limit allows `perSecond` on average and
 * bursts of `burst`; a refused call learns when to retry. Limits are per process: with several web
 * processes behind a load balancer each enforces its share.
 */
export type Limit = { name: string; perSecond: number; burst: number };

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** The limits, overridable by environment (requests per second). */
export const LIMITS = {
  /** Segment-compatible ingestion, per write key (a batch is one request). */
  ingest: { name: "ingest", perSecond: envNumber("RATE_LIMIT_INGEST", 2_000), burst: envNumber("RATE_LIMIT_INGEST", 2_000) * 2 },
  /** Webhook sources, per source. */
  webhook: { name: "webhook", perSecond: envNumber("RATE_LIMIT_WEBHOOK", 200), burst: 400 },
  /** The profile API, per API key. */
  profileApi: { name: "profile API", perSecond: envNumber("RATE_LIMIT_PROFILE_API", 10_000), burst: envNumber("RATE_LIMIT_PROFILE_API", 10_000) },
  /** Email open and click tracking and unsubscribe links, per client address. */
  tracking: { name: "tracking", perSecond: envNumber("RATE_LIMIT_TRACKING", 20), burst: 60 },
  /** Sign-up and invitation acceptance, per client address. */
  signup: { name: "sign-up", perSecond: 0.2, burst: 10 },
} satisfies Record<string, Limit>;

type Bucket = { tokens: number; at: number };
const buckets = new Map<string, Bucket>();
const MAX_BUCKETS = 100_000;

/** Takes one token; returns 0 when allowed, else the seconds to wait for the next one. */
export function take(limit: Limit, key: string, now = Date.now()): number {
  const id = `${limit.name}\u0000${key}`;
  let b = buckets.get(id);
  if (!b) {
    if (buckets.size >= MAX_BUCKETS) buckets.clear();
    b = { tokens: limit.burst, at: now };
    buckets.set(id, b);
  }
  b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
}

/** Throws `rate_limited` (HTTP 429) with when to retry, when the key is over its limit. */
export function assertWithinLimit(limit: Limit, key: string, now = Date.now()): void {
  const wait = take(limit, key, now);
  if (wait > 0) throw new AppError("rate_limited", `Too many ${limit.name} requests: at most ${limit.perSecond} per second. Retry in ${wait} s.`, { retryAfterSeconds: wait });
}

export function resetLimits(): void {
  buckets.clear();
}
