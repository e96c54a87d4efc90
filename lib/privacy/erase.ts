import type { Queryable } from "../bus/postgres";
import { identifierHash } from "./identifiers";
import type { Subject } from "./subject";

/** Tables rows are removed from by profile id, in an order that needs no foreign key to cascade. */
const BY_PROFILE: { table: string; where: string }[] = [
  { table: "events", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "event_people", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "identities", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "profile_merges", where: "workspace_id = $1 AND (from_profile_id = ANY($2::bigint[]) OR into_profile_id = ANY($2::bigint[]))" },
  { table: "consent_changes", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "segment_changes", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "segment_timers", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "segment_queue", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "computed_queue", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "journey_inbox", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "journey_steps", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "journey_messages", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "journey_states", where: "workspace_id = $1 AND profile_id = ANY($2::bigint[])" },
  { table: "sync_state", where: "profile_id = ANY($2::bigint[]) AND sync_id IN (SELECT id FROM syncs WHERE workspace_id = $1)" },
  { table: "sync_dirty", where: "profile_id = ANY($2::bigint[]) AND sync_id IN (SELECT id FROM syncs WHERE workspace_id = $1)" },
  { table: "sync_failures", where: "profile_id = ANY($2::bigint[]) AND sync_id IN (SELECT id FROM syncs WHERE workspace_id = $1)" },
  { table: "sync_overrides", where: "profile_id = ANY($2::bigint[]) AND sync_id IN (SELECT id FROM syncs WHERE workspace_id = $1)" },
  { table: "bus_messages", where: "key = ANY(SELECT $1 || ':' || unnest($2::bigint[])::text)" },
];

/** Tables that hold raw payloads naming people by identifier rather than by profile: matched by text. */
const BY_TEXT: { table: string; column: string }[] = [
  { table: "ingest_rejections", column: "payload" },
  { table: "quarantined_messages", column: "payload" },
  { table: "webhook_samples", column: "body" },
  { table: "database_source_runs", column: "errors" },
  { table: "sync_runs", column: "detail" },
];

const likePattern = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Removes every row of the person inside the caller's transaction: events, identities, profiles,
 * consent history, memberships and their log, journey states, messages and traces, what syncs hold,
 * queued work, raw payloads that name them, and their earlier access exports; audit entries that
 * name them are redacted. Then records their identifiers' hashes as suppressed. Returns the number
 * of rows removed per table (no personal data).
 */
export async function eraseSubject(client: Queryable, workspaceId: string, subject: Subject, requestId: string): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const count = (table: string, n: number | null) => {
    if (n) removed[table] = (removed[table] ?? 0) + n;
  };
  const ids = subject.profileIds;
  if (ids.length) {
    // Memberships first, to keep segment sizes right.
    const members = await client.query<{ segment_id: string; n: string }>(
      `WITH gone AS (DELETE FROM segment_members m USING segments s WHERE s.id = m.segment_id AND s.workspace_id = $1 AND m.profile_id = ANY($2::bigint[]) RETURNING m.segment_id)
       SELECT segment_id, count(*)::text AS n FROM gone GROUP BY 1`,
      [workspaceId, ids],
    );
    for (const m of members.rows) {
      await client.query("UPDATE segments SET member_count = greatest(0, member_count - $2) WHERE id = $1", [m.segment_id, Number(m.n)]);
      count("segment_members", Number(m.n));
    }
    for (const t of BY_PROFILE) count(t.table, (await client.query(`DELETE FROM ${t.table} WHERE ${t.where}`, [workspaceId, ids])).rowCount);
    count("profiles", (await client.query("DELETE FROM profiles WHERE workspace_id = $1 AND id = ANY($2::bigint[])", [workspaceId, ids])).rowCount);
  }
  // Identifiers short enough to match by accident (a two-letter id) are left to the profile-id deletes.
  const needles = [...new Set([...subject.identifiers.map((i) => i.value), ...subject.emails])].filter((v) => v.length >= 4);
  if (needles.length) {
    const patterns = needles.map(likePattern);
    for (const t of BY_TEXT) count(t.table, (await client.query(`DELETE FROM ${t.table} WHERE workspace_id = $1 AND ${t.column}::text LIKE ANY($2::text[])`, [workspaceId, patterns])).rowCount);
    count(
      "plan_violations (examples cleared)",
      (await client.query("UPDATE plan_violations SET example = NULL WHERE workspace_id = $1 AND example::text LIKE ANY($2::text[])", [workspaceId, patterns])).rowCount,
    );
    count(
      "privacy_exports",
      (await client.query("DELETE FROM privacy_exports e USING privacy_requests r WHERE r.id = e.request_id AND r.workspace_id = $1 AND e.content::text LIKE ANY($2::text[])", [workspaceId, patterns])).rowCount,
    );
    count(
      "audit_logs (redacted)",
      (await client.query(`UPDATE audit_logs SET summary = jsonb_build_object('redacted', 'personal data erased by request ' || $3::text) WHERE workspace_id = $1 AND summary::text LIKE ANY($2::text[])`, [workspaceId, patterns, requestId])).rowCount,
    );
  }
  const hashes = new Map<string, string>();
  for (const i of subject.identifiers) hashes.set(identifierHash(i.kind, i.value), i.kind);
  for (const e of subject.emails) hashes.set(identifierHash("email", e), "email");
  await client.query(
    `INSERT INTO privacy_suppressions (workspace_id, value_hash, kind, request_id) SELECT $1, h, k, $4 FROM unnest($2::text[], $3::text[]) AS x(h, k)
     ON CONFLICT (workspace_id, value_hash) DO UPDATE SET request_id = excluded.request_id, created_at = now()`,
    [workspaceId, [...hashes.keys()], [...hashes.values()], requestId],
  );
  return removed;
}
