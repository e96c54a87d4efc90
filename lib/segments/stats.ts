import { MASK, maskPersonal, type PiiPolicy } from "../privacy/mask";
import { csvCell } from "../csv";
import { pool } from "../db/pool";
import { profileSummaries, type ProfileSummary } from "../profiles";
import { getSegmentOrThrow } from "./store";

export type SizePoint = { day: string; size: number | null; entered: number; exited: number };

/**
 * Size at the end of each day, and entered / exited per day, from the change log (UTC days). Days
 * before the segment existed have no size (null), not zero: its history starts when it was built.
 * Entered and exited count live changes only, as the "24 h" figures do: a build or rebuild from
 * history moves the size, not those counts.
 */
export async function sizeHistory(opts: { workspaceId: string; segmentId: string; days?: number }): Promise<SizePoint[]> {
  await getSegmentOrThrow(opts);
  const days = Math.min(Math.max(opts.days ?? 30, 1), 365);
  const { rows } = await pool().query<{ day: Date; entered: string; exited: string; before: string; tracked: boolean }>(
    `WITH daily AS (
       SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS day,
              count(*) FILTER (WHERE entered AND cause <> 'backfill') AS entered, count(*) FILTER (WHERE NOT entered AND cause <> 'backfill') AS exited,
              count(*) FILTER (WHERE entered) - count(*) FILTER (WHERE NOT entered) AS net
         FROM segment_changes WHERE segment_id = $1 GROUP BY 1)
     SELECT d.day, coalesce(x.entered, 0) AS entered, coalesce(x.exited, 0) AS exited,
            (SELECT coalesce(sum(net), 0) FROM daily WHERE daily.day <= d.day) AS before,
            d.day >= (SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') FROM segments WHERE id = $1) AS tracked
       FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => $2 - 1), date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS d(day)
       LEFT JOIN daily x ON x.day = d.day
      ORDER BY d.day`,
    [opts.segmentId, days],
  );
  return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), size: r.tracked ? Number(r.before) : null, entered: Number(r.entered), exited: Number(r.exited) }));
}

export type Change = { id: string; profile: ProfileSummary | null; profileId: string; entered: boolean; at: string; cause: string; detail: string | null };

/** The latest entries and exits, with the profile and what caused each. */
export async function recentChanges(opts: { workspaceId: string; segmentId: string; limit?: number; includeBackfill?: boolean }): Promise<Change[]> {
  await getSegmentOrThrow(opts);
  const { rows } = await pool().query<{ id: string; profile_id: string; entered: boolean; at: Date; cause: string; detail: string | null }>(
    `SELECT id, profile_id, entered, at, cause, detail FROM segment_changes WHERE segment_id = $1 AND workspace_id = $2 ${opts.includeBackfill ? "" : "AND cause <> 'backfill'"} ORDER BY id DESC LIMIT $3`,
    [opts.segmentId, opts.workspaceId, Math.min(opts.limit ?? 50, 500)],
  );
  const profiles = new Map((await profileSummaries({ workspaceId: opts.workspaceId, ids: [...new Set(rows.map((r) => r.profile_id))] })).map((p) => [p.id, p]));
  return rows.map((r) => ({ id: String(r.id), profileId: String(r.profile_id), profile: profiles.get(String(r.profile_id)) ?? null, entered: r.entered, at: r.at.toISOString(), cause: r.cause, detail: r.detail }));
}

export type Member = ProfileSummary & { since: string };

/** Members, newest first, a page at a time (keyset on profile id). */
export async function listMembers(opts: { workspaceId: string; segmentId: string; limit?: number; before?: string }): Promise<{ members: Member[]; next: string | null }> {
  await getSegmentOrThrow(opts);
  const limit = Math.min(opts.limit ?? 50, 500);
  const { rows } = await pool().query<{ profile_id: string; since: Date }>(
    `SELECT profile_id, since FROM segment_members WHERE segment_id = $1 ${opts.before && /^\d+$/.test(opts.before) ? "AND profile_id < $3" : ""} ORDER BY profile_id DESC LIMIT $2`,
    opts.before && /^\d+$/.test(opts.before) ? [opts.segmentId, limit + 1, opts.before] : [opts.segmentId, limit + 1],
  );
  const page = rows.slice(0, limit);
  const since = new Map(page.map((r) => [String(r.profile_id), r.since.toISOString()]));
  const members = (await profileSummaries({ workspaceId: opts.workspaceId, ids: page.map((r) => r.profile_id) })).map((p) => ({ ...p, since: since.get(p.id)! }));
  return { members, next: rows.length > limit ? String(page[page.length - 1]!.profile_id) : null };
}

/** Every member as CSV rows (header first), streamed in pages so a million members fit in memory. */
/** Members as CSV; with a PII `policy` (people who see personal data masked) emails, names and personal traits are masked. */
export async function* membersCsv(opts: { workspaceId: string; segmentId: string; policy?: PiiPolicy }): AsyncGenerator<string> {
  await getSegmentOrThrow(opts);
  yield "profile_id,user_id,email,name,member_since,last_seen_at,traits\n";
  let after = "0";
  for (;;) {
    const { rows } = await pool().query<{ id: string; user_id: string | null; email: string | null; name: string | null; since: Date; last_seen_at: Date | null; traits: unknown }>(
      `SELECT p.id, (SELECT value FROM identities i WHERE i.workspace_id = p.workspace_id AND i.profile_id = p.id AND i.kind = 'user_id' LIMIT 1) AS user_id,
              p.traits ->> 'email' AS email, p.traits ->> 'name' AS name, m.since, p.last_seen_at, p.traits
         FROM segment_members m JOIN profiles p ON p.id = m.profile_id AND p.workspace_id = $2
        WHERE m.segment_id = $1 AND m.profile_id > $3 ORDER BY m.profile_id LIMIT 5000`,
      [opts.segmentId, opts.workspaceId, after],
    );
    if (rows.length === 0) return;
    const p = opts.policy;
    yield rows
      .map((r) => [r.id, r.user_id, p && r.email ? MASK : r.email, p && r.name ? MASK : r.name, r.since.toISOString(), r.last_seen_at?.toISOString() ?? "", p ? maskPersonal({ traits: r.traits }, p).traits : r.traits].map(csvCell).join(","))
      .join("\n") + "\n";
    after = String(rows[rows.length - 1]!.id);
  }
}

/** The segments a profile is in, with since when (for the profile page). */
export async function profileSegments(opts: { workspaceId: string; profileId: string }): Promise<{ id: string; name: string; since: string }[]> {
  if (!/^\d+$/.test(opts.profileId)) return [];
  const { rows } = await pool().query<{ id: string; name: string; since: Date }>(
    "SELECT s.id, s.name, m.since FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE s.workspace_id = $1 AND m.profile_id = $2 ORDER BY lower(s.name)",
    [opts.workspaceId, opts.profileId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, since: r.since.toISOString() }));
}
