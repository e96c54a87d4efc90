import { pool } from "../db/pool";
import { AppError } from "../errors";

export type ProfileSummary = { id: string; name: string | null; email: string | null; userId: string | null; lastSeenAt: string | null; eventCount: number };
export type ProfileDetail = ProfileSummary & {
  traits: Record<string, unknown>;
  consent: Record<string, { granted: boolean; at?: string; source?: string }>;
  firstSeenAt: string | null;
  identities: { kind: string; value: string; firstSeenAt: string }[];
  merges: { id: string; direction: "absorbed" | "merged_into"; otherProfileId: string; cause: string; mergedAt: string; identities: { kind: string; value: string }[] }[];
  mergedInto: string | null;
};
export type TimelineEvent = { id: string; ts: string; type: string; event: string | null; properties: unknown; traits: unknown; context: unknown; messageId: string };

const SUMMARY = `p.id, p.traits ->> 'name' AS name, p.traits ->> 'email' AS email, p.last_seen_at, p.event_count,
  (SELECT value FROM identities i WHERE i.workspace_id = p.workspace_id AND i.profile_id = p.id AND i.kind = 'user_id' LIMIT 1) AS user_id`;

type SummaryRow = { id: string; name: string | null; email: string | null; last_seen_at: Date | null; event_count: number; user_id: string | null };
const summary = (r: SummaryRow): ProfileSummary => ({ id: String(r.id), name: r.name, email: r.email, userId: r.user_id, lastSeenAt: r.last_seen_at?.toISOString() ?? null, eventCount: r.event_count });

/** Most recently seen first: the order the (workspace_id, seen_hour) index gives, then the exact time within the hour. */
export const recentlySeenFirst = (alias: string) => `${alias}.seen_hour DESC NULLS LAST, ${alias}.last_seen_at DESC NULLS LAST`;

/**
 * Finds profiles by any identifier (user id, anonymous id, email, external ids) or by name or email
 * prefix; without a query, the most recently active. `pseudonymousOnly` (people who see personal
 * data masked): only user ids, anonymous ids and external ids match, so a search cannot spell out
 * an email or a name letter by letter.
 */
export async function searchProfiles(opts: { workspaceId: string; q?: string; limit?: number; pseudonymousOnly?: boolean }): Promise<ProfileSummary[]> {
  const limit = Math.min(opts.limit ?? 50, 200);
  const q = opts.q?.trim();
  if (!q) {
    const { rows } = await pool().query<SummaryRow>(`SELECT ${SUMMARY} FROM profiles p WHERE p.workspace_id = $1 AND p.merged_into IS NULL ORDER BY ${recentlySeenFirst("p")} LIMIT $2`, [opts.workspaceId, limit]);
    return rows.map(summary);
  }
  const { rows } = await pool().query<SummaryRow>(
    `WITH hits AS (
       SELECT profile_id AS id FROM identities WHERE workspace_id = $1 AND value IN ($2, lower($2)) AND ($5 = false OR (kind <> 'email' AND kind NOT LIKE 'trait:%'))
       UNION
       SELECT id FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL AND $5 = false
         AND (traits ->> 'email' ILIKE $3 OR traits ->> 'name' ILIKE $3 OR traits ->> 'last_name' ILIKE $3)
     )
     SELECT ${SUMMARY} FROM profiles p JOIN hits h ON h.id = p.id WHERE p.workspace_id = $1 AND p.merged_into IS NULL
     ORDER BY p.last_seen_at DESC NULLS LAST LIMIT $4`,
    [opts.workspaceId, q, `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit, !!opts.pseudonymousOnly],
  );
  return rows.map(summary);
}

export async function getProfile(opts: { workspaceId: string; profileId: string }): Promise<ProfileDetail> {
  if (!/^\d+$/.test(opts.profileId)) throw new AppError("not_found", "No profile with that id in this workspace.");
  const { rows } = await pool().query<SummaryRow & { traits: Record<string, unknown>; consent: ProfileDetail["consent"]; first_seen_at: Date | null; merged_into: string | null }>(
    `SELECT ${SUMMARY}, p.traits, p.consent, p.first_seen_at, p.merged_into FROM profiles p WHERE p.workspace_id = $1 AND p.id = $2`,
    [opts.workspaceId, opts.profileId],
  );
  const p = rows[0];
  if (!p) throw new AppError("not_found", "No profile with that id in this workspace.");
  const [identities, merges] = await Promise.all([
    pool().query<{ kind: string; value: string; first_seen_at: Date }>("SELECT kind, value, first_seen_at FROM identities WHERE workspace_id = $1 AND profile_id = $2 ORDER BY kind, first_seen_at", [opts.workspaceId, opts.profileId]),
    pool().query<{ id: string; from_profile_id: string; into_profile_id: string; cause: string; merged_at: Date; identities: { kind: string; value: string }[] }>(
      "SELECT id, from_profile_id, into_profile_id, cause, merged_at, identities FROM profile_merges WHERE workspace_id = $1 AND (into_profile_id = $2 OR from_profile_id = $2) AND reverted_at IS NULL ORDER BY merged_at DESC",
      [opts.workspaceId, opts.profileId],
    ),
  ]);
  return {
    ...summary(p),
    traits: p.traits,
    consent: p.consent,
    firstSeenAt: p.first_seen_at?.toISOString() ?? null,
    mergedInto: p.merged_into === null ? null : String(p.merged_into),
    identities: identities.rows.map((i) => ({ kind: i.kind, value: i.value, firstSeenAt: i.first_seen_at.toISOString() })),
    merges: merges.rows.map((m) => {
      const absorbed = String(m.into_profile_id) === opts.profileId;
      return { id: String(m.id), direction: absorbed ? "absorbed" : "merged_into", otherProfileId: String(absorbed ? m.from_profile_id : m.into_profile_id), cause: m.cause, mergedAt: m.merged_at.toISOString(), identities: m.identities };
    }),
  };
}

/** A page of a profile's events, newest first; `before` is the previous page's last event time. */
export async function profileTimeline(opts: { workspaceId: string; profileId: string; event?: string; before?: string; limit?: number }): Promise<{ events: TimelineEvent[]; next: string | null }> {
  const limit = Math.min(opts.limit ?? 50, 200);
  const params: unknown[] = [opts.workspaceId, opts.profileId, limit + 1];
  let filter = "";
  if (opts.event) {
    params.push(opts.event);
    filter += ` AND coalesce(event, type) = $${params.length}`;
  }
  if (opts.before) {
    params.push(new Date(opts.before));
    filter += ` AND ts < $${params.length}`;
  }
  const { rows } = await pool().query<{ id: string; ts: Date; type: string; event: string | null; properties: unknown; traits: unknown; context: unknown; message_id: string }>(
    `SELECT id, ts, type, event, properties, traits, context, message_id FROM events WHERE workspace_id = $1 AND profile_id = $2${filter} ORDER BY ts DESC LIMIT $3`,
    params,
  );
  const page = rows.slice(0, limit);
  return {
    events: page.map((r) => ({ id: String(r.id), ts: r.ts.toISOString(), type: r.type, event: r.event, properties: r.properties, traits: r.traits, context: r.context, messageId: r.message_id })),
    next: rows.length > limit ? page[page.length - 1]!.ts.toISOString() : null,
  };
}

/** The event names of a profile with counts, for the timeline filter. */
export async function profileEventNames(opts: { workspaceId: string; profileId: string }): Promise<{ name: string; count: number }[]> {
  const { rows } = await pool().query<{ name: string; count: string }>(
    "SELECT coalesce(event, type) AS name, count(*) FROM events WHERE workspace_id = $1 AND profile_id = $2 GROUP BY 1 ORDER BY 2 DESC",
    [opts.workspaceId, opts.profileId],
  );
  return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
}

/** Summaries of the given profiles, in the order given (missing ones left out). */
export async function profileSummaries(opts: { workspaceId: string; ids: (string | number)[] }): Promise<ProfileSummary[]> {
  if (opts.ids.length === 0) return [];
  const { rows } = await pool().query<SummaryRow>(`SELECT ${SUMMARY} FROM profiles p WHERE p.workspace_id = $1 AND p.id = ANY($2::bigint[])`, [opts.workspaceId, opts.ids.map(String)]);
  const byId = new Map(rows.map((r) => [String(r.id), summary(r)]));
  return opts.ids.map((id) => byId.get(String(id))).filter((p): p is ProfileSummary => !!p);
}
