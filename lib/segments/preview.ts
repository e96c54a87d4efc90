import { cancellableQuery } from "../db/cancellable";
import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";
import { profileSummaries, type ProfileSummary } from "../profiles";
import { compileDefinition, membersSql } from "./compile";
import type { SegmentDefinition } from "./schema";

export const PREVIEW_TIMEOUT_MS = 20_000;
const totals = new TtlCache<number>(30_000);

export type Preview = { count: number; total: number; emailable: number; advertisable: number; sample: ProfileSummary[]; ms: number };

export async function liveProfileCount(workspaceId: string): Promise<number> {
  return totals.get(workspaceId, async () => {
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL", [workspaceId]);
    return Number(rows[0]!.n);
  });
}

/**
 * The size of a definition right now, the share of all profiles, how many of them can be reached
 * by email and by ads (consent given), and a sample of members, from the same compiled predicate
 * that decides live membership.
 */
export async function previewSegment(opts: { workspaceId: string; definition: SegmentDefinition; now?: Date; signal?: AbortSignal }): Promise<Preview> {
  const started = Date.now();
  const copts = { workspaceId: opts.workspaceId, now: opts.now ?? new Date() };
  const compiled = compileDefinition(opts.definition, copts);
  const reach = `p.id, p.traits ? 'email' AND lower(p.consent -> 'marketing_email' ->> 'granted') = 'true' AS e, lower(p.consent -> 'advertising' ->> 'granted') = 'true' AS a`;
  const sql = `WITH m AS MATERIALIZED (${membersSql(compiled, copts, reach)})
    SELECT count(*) AS n, count(*) FILTER (WHERE e) AS emailable, count(*) FILTER (WHERE a) AS advertisable,
           (SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY id DESC LIMIT 10) s) AS sample
      FROM m`;
  const [rows, total] = await Promise.all([
    cancellableQuery<{ n: string; emailable: string; advertisable: string; sample: string[] | null }>(sql, compiled.params.values, { signal: opts.signal, timeoutMs: PREVIEW_TIMEOUT_MS, workMem: "128MB", tooLong: "Narrow it: add a time window to event conditions, or a condition on a trait." }),
    liveProfileCount(opts.workspaceId),
  ]);
  const r = rows[0]!;
  const sample = await profileSummaries({ workspaceId: opts.workspaceId, ids: r.sample ?? [] });
  return { count: Number(r.n), total, emailable: Number(r.emailable), advertisable: Number(r.advertisable), sample, ms: Date.now() - started };
}
