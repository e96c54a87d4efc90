import type { Queryable } from "../bus";
import type { Op } from "./destinations";
import { consentSql, identifierSql, payloadSql } from "./mapping";
import type { Mapping, SyncMode } from "./schema";

/**
 * The difference between what a sync should have sent (segment members, with the profiles journeys
 * added or removed (sync_overrides), whose consent covers the
 * destination's purpose and who carry an identifier it matches on, mapped) and what the destination
 * has accepted (sync_state), for a chunk of candidate profiles.
 */
export type DiffTarget = { syncId: string; workspaceId: string; segmentId: string; mode: SyncMode; mapping: Mapping; purpose: string | null; requiresAny: string[] };

export type DiffRow = {
  profileId: string;
  member: boolean;
  live: boolean;
  consented: boolean;
  identified: boolean;
  payload: Record<string, unknown> | null;
  hash: string | null;
  oldHash: string | null;
  oldPayload: Record<string, unknown> | null;
};

export type Candidates = { kind: "all"; after: string | null; limit: number } | { kind: "ids"; ids: string[] };

export type DiffChunk = {
  rows: DiffRow[];
  /** Candidates looked at, and the last one (the keyset cursor for the next chunk). */
  seen: number;
  last: string | null;
  skippedConsent: number;
  skippedIdentifier: number;
};

export const eligible = (r: DiffRow) => r.member && r.live && r.consented && r.identified;

/**
 * What to send for one profile. Leaving the segment removes only in mirror mode; losing consent
 * (or the profile being erased or merged away) removes in every mode.
 */
export function decide(r: DiffRow, mode: SyncMode): Op | null {
  if (eligible(r)) {
    if (r.oldHash === null) return "add";
    if (r.oldHash !== r.hash) return mode === "add_only" ? null : "update";
    return null;
  }
  if (r.oldHash === null) return null;
  if (!r.live || !r.consented || (r.member && !r.identified) || mode === "mirror") return "remove";
  return null;
}

/**
 * One chunk of the diff. With `everything` false only rows that may need an operation come back
 * (unchanged members and ineligible strangers stay in the database).
 */
export async function diffChunk(client: Queryable, t: DiffTarget, c: Candidates, everything = false): Promise<DiffChunk> {
  const params: unknown[] = [t.segmentId, t.syncId, t.workspaceId];
  const payload = payloadSql(t.mapping, params);
  const consent = consentSql(t.purpose, params);
  let candidates: string;
  if (c.kind === "all") {
    const after = `$${params.push(c.after ?? "0")}::bigint`;
    const limit = `$${params.push(c.limit)}::int`;
    candidates = `SELECT profile_id FROM (
        (SELECT profile_id FROM segment_members WHERE segment_id = $1 AND profile_id > ${after} ORDER BY profile_id LIMIT ${limit})
        UNION
        (SELECT profile_id FROM sync_state WHERE sync_id = $2 AND profile_id > ${after} ORDER BY profile_id LIMIT ${limit})
        UNION
        (SELECT profile_id FROM sync_overrides WHERE sync_id = $2 AND include AND profile_id > ${after} ORDER BY profile_id LIMIT ${limit})
      ) u ORDER BY profile_id LIMIT ${limit}`;
  } else {
    candidates = `SELECT DISTINCT unnest($${params.push(c.ids)}::bigint[]) AS profile_id`;
  }
  const sql = `
    WITH c AS (${candidates}),
    r AS MATERIALIZED (
      SELECT c.profile_id, ((m.profile_id IS NOT NULL OR o.include IS TRUE) AND o.include IS NOT FALSE) AS member, (p.id IS NOT NULL) AS live, ${consent} AS consented,
             x.payload, s.hash AS old_hash, s.payload AS old_payload
        FROM c
        LEFT JOIN segment_members m ON m.segment_id = $1 AND m.profile_id = c.profile_id
        LEFT JOIN profiles p ON p.id = c.profile_id AND p.workspace_id = $3 AND p.merged_into IS NULL
        LEFT JOIN sync_state s ON s.sync_id = $2 AND s.profile_id = c.profile_id
        LEFT JOIN sync_overrides o ON o.sync_id = $2 AND o.profile_id = c.profile_id
        LEFT JOIN LATERAL (SELECT ${payload} AS payload WHERE p.id IS NOT NULL) x ON true
    ),
    f AS (
      SELECT r.*, coalesce(${identifierSql(t.requiresAny, "r.payload", params)}, false) AS identified, md5(r.payload::text) AS hash FROM r
    ),
    agg AS (
      SELECT count(*) AS seen, max(profile_id)::text AS last,
             count(*) FILTER (WHERE member AND live AND NOT consented) AS skipped_consent,
             count(*) FILTER (WHERE member AND live AND consented AND NOT identified) AS skipped_identifier
        FROM f
    )
    SELECT agg.*, f.profile_id::text, f.member, f.live, f.consented, f.identified, f.payload, f.hash, f.old_hash, f.old_payload
      FROM agg LEFT JOIN f ON ${everything ? "true" : `NOT (f.member AND f.live AND f.consented AND f.identified AND f.old_hash IS NOT DISTINCT FROM f.hash)
                             AND NOT (f.old_hash IS NULL AND NOT (f.member AND f.live AND f.consented AND f.identified))`}
     ORDER BY f.profile_id`;
  const { rows } = await client.query<{
    seen: string; last: string | null; skipped_consent: string; skipped_identifier: string;
    profile_id: string | null; member: boolean; live: boolean; consented: boolean; identified: boolean;
    payload: Record<string, unknown> | null; hash: string | null; old_hash: string | null; old_payload: Record<string, unknown> | null;
  }>(sql, params);
  const head = rows[0]!;
  return {
    seen: Number(head.seen),
    last: head.last,
    skippedConsent: Number(head.skipped_consent),
    skippedIdentifier: Number(head.skipped_identifier),
    rows: rows
      .filter((r) => r.profile_id !== null)
      .map((r) => ({ profileId: r.profile_id!, member: r.member, live: r.live, consented: r.consented, identified: r.identified, payload: r.payload, hash: r.hash, oldHash: r.old_hash, oldPayload: r.old_payload })),
  };
}
