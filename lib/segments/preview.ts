import { cancellableQuery } from "../db/cancellable";
import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";
import { profileSummaries, type ProfileSummary } from "../profiles";
import { compileDefinition, inSample, membersSql } from "./compile";
import type { SegmentDefinition } from "./schema";

export const PREVIEW_TIMEOUT_MS = 20_000;
/**
 * From this many live profiles the preview answers first with an estimate from the sample, then
 * exactly (SEGMENT_ESTIMATE_FROM changes it, e.g. to see estimates on a small workspace).
 */
export const ESTIMATE_FROM = Number(process.env.SEGMENT_ESTIMATE_FROM) > 0 ? Number(process.env.SEGMENT_ESTIMATE_FROM) : 200_000;
const totals = new TtlCache<{ all: number; sampled: number }>(30_000);

/** The estimate's 95% interval, and how many sampled profiles it stands on. */
export type Estimate = { low: number; high: number; sampled: number };
export type Preview = { count: number; total: number; emailable: number; advertisable: number; sample: ProfileSummary[]; ms: number; estimate: Estimate | null };

async function liveCounts(workspaceId: string): Promise<{ all: number; sampled: number }> {
  return totals.get(workspaceId, async () => {
    const { rows } = await pool().query<{ n: string; s: string }>(
      `SELECT (SELECT count(*) FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL) AS n,
              (SELECT count(*) FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL AND ${inSample("p.id")}) AS s`,
      [workspaceId],
    );
    return { all: Number(rows[0]!.n), sampled: Number(rows[0]!.s) };
  });
}

export async function liveProfileCount(workspaceId: string): Promise<number> {
  return (await liveCounts(workspaceId)).all;
}

/**
 * The size of a definition right now, the share of all profiles, how many of them can be reached
 * by email and by ads (consent given), and a sample of members, from the same compiled predicate
 * that decides live membership. In a big workspace (from `estimateFrom` live profiles) and unless
 * `exact` is asked for, the predicate runs over the fixed sample of one profile in 64 only and the
 * figures are scaled up, with a 95% interval: an answer while the marketer types, the exact count
 * following.
 */
export async function previewSegment(opts: { workspaceId: string; definition: SegmentDefinition; now?: Date; signal?: AbortSignal; exact?: boolean; estimateFrom?: number }): Promise<Preview> {
  const started = Date.now();
  const counts = await liveCounts(opts.workspaceId);
  const sampled = !opts.exact && counts.all >= (opts.estimateFrom ?? ESTIMATE_FROM) && counts.sampled > 0;
  const copts = { workspaceId: opts.workspaceId, now: opts.now ?? new Date(), sample: sampled };
  const compiled = compileDefinition(opts.definition, copts);
  const reach = `p.id, p.traits ? 'email' AND lower(p.consent -> 'marketing_email' ->> 'granted') = 'true' AS e, lower(p.consent -> 'advertising' ->> 'granted') = 'true' AS a`;
  const sql = `WITH m AS MATERIALIZED (${membersSql(compiled, copts, reach)})
    SELECT count(*) AS n, count(*) FILTER (WHERE e) AS emailable, count(*) FILTER (WHERE a) AS advertisable,
           (SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY id DESC LIMIT 10) s) AS sample
      FROM m`;
  const rows = await cancellableQuery<{ n: string; emailable: string; advertisable: string; sample: string[] | null }>(sql, compiled.params.values, {
    signal: opts.signal,
    timeoutMs: PREVIEW_TIMEOUT_MS,
    workMem: "128MB",
    tooLong: "Narrow it: add a time window to event conditions, or a condition on a trait.",
  });
  const r = rows[0]!;
  const sample = await profileSummaries({ workspaceId: opts.workspaceId, ids: r.sample ?? [] });
  const n = Number(r.n);
  if (!sampled) return { count: n, total: counts.all, emailable: Number(r.emailable), advertisable: Number(r.advertisable), sample, ms: Date.now() - started, estimate: null };
  const scale = counts.all / counts.sampled;
  const up = (k: string) => Math.round(Number(k) * scale);
  return { count: up(r.n), total: counts.all, emailable: up(r.emailable), advertisable: up(r.advertisable), sample, ms: Date.now() - started, estimate: interval(n, counts.sampled, counts.all) };
}

/**
 * The 95% interval of a share seen as `k` of `n` sampled profiles, scaled to `total` (Wilson's
 * score interval: sound for shares near 0, where most audiences are, and for k = 0).
 */
export function interval(k: number, n: number, total: number): Estimate {
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, Math.floor((centre - half) * total)), high: Math.min(total, Math.ceil((centre + half) * total)), sampled: n };
}
