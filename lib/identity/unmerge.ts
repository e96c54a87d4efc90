import { recountEventPeople } from "../analytics/people";
import { pool } from "../db/pool";
import { recordAudit, type Actor } from "../audit";
import { AppError } from "../errors";
import { enqueueTouched } from "../segments/queue";

/**
 * Undoes a merge: the absorbed profile gets back its identifiers, the events carrying them and its
 * traits as they were; both profiles' counts are recomputed. The pair is never merged again
 * automatically (identity resolution skips reverted pairs).
 */
export async function unmergeProfiles(opts: { workspaceId: string; actor: Actor; mergeId: string }): Promise<{ fromProfileId: string; intoProfileId: string; eventsMoved: number }> {
  if (!/^\d+$/.test(opts.mergeId)) throw new AppError("not_found", "That merge does not exist in this workspace.");
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ from_profile_id: string; into_profile_id: string; identities: { kind: string; value: string }[]; from_traits: Record<string, unknown>; reverted_at: Date | null }>(
      "SELECT from_profile_id, into_profile_id, identities, from_traits, reverted_at FROM profile_merges WHERE workspace_id = $1 AND id = $2 FOR UPDATE",
      [opts.workspaceId, opts.mergeId],
    );
    const m = rows[0];
    if (!m) throw new AppError("not_found", "That merge does not exist in this workspace.");
    if (m.reverted_at) throw new AppError("conflict", "This merge was already undone.");
    const from = String(m.from_profile_id);
    const into = String(m.into_profile_id);
    const state = await client.query<{ merged_into: string | null }>("SELECT merged_into FROM profiles WHERE workspace_id = $1 AND id = $2 FOR UPDATE", [opts.workspaceId, from]);
    if (String(state.rows[0]?.merged_into) !== into) throw new AppError("conflict", "The absorbed profile has changed since this merge (merged again elsewhere); undo the later merge first.");
    await client.query("SELECT 1 FROM profiles WHERE workspace_id = $1 AND id = $2 FOR UPDATE", [opts.workspaceId, into]);

    const anon = m.identities.filter((i) => i.kind === "anonymous_id").map((i) => i.value);
    const users = m.identities.filter((i) => i.kind === "user_id").map((i) => i.value);
    await client.query(
      "UPDATE identities SET profile_id = $2 FROM unnest($4::text[], $5::text[]) AS t(k, v) WHERE identities.workspace_id = $1 AND identities.profile_id = $3 AND identities.kind = t.k AND identities.value = t.v",
      [opts.workspaceId, from, into, m.identities.map((i) => i.kind), m.identities.map((i) => i.value)],
    );
    // Events go back when they carry the absorbed profile's identifiers (a user id decides over an anonymous id).
    const moved = await client.query(
      `UPDATE events SET profile_id = $2 WHERE workspace_id = $1 AND profile_id = $3
         AND (user_id = ANY($5::text[]) OR (anonymous_id = ANY($4::text[]) AND (user_id IS NULL OR user_id = ANY($5::text[]))))`,
      [opts.workspaceId, from, into, anon, users],
    );
    await client.query("UPDATE profiles SET merged_into = NULL, traits = $3, trait_times = '{}', updated_at = now() WHERE workspace_id = $1 AND id = $2", [opts.workspaceId, from, JSON.stringify(m.from_traits)]);
    await client.query(
      `UPDATE profiles p SET event_count = s.n, first_seen_at = s.first, last_seen_at = s.last, updated_at = now()
         FROM (SELECT pid, (SELECT count(*) FROM events e WHERE e.workspace_id = $1 AND e.profile_id = pid)::int AS n,
                      (SELECT min(ts) FROM events e WHERE e.workspace_id = $1 AND e.profile_id = pid) AS first,
                      (SELECT max(ts) FROM events e WHERE e.workspace_id = $1 AND e.profile_id = pid) AS last
                 FROM unnest($2::bigint[]) AS pid) s
        WHERE p.workspace_id = $1 AND p.id = s.pid`,
      [opts.workspaceId, [from, into]],
    );
    await recountEventPeople(client, opts.workspaceId, [from, into]);
    await client.query("UPDATE profile_merges SET reverted_at = now() WHERE id = $1", [opts.mergeId]);
    await enqueueTouched(client, opts.workspaceId, [from, into].map((id) => ({ profileId: Number(id), merged: true })));
    await client.query("COMMIT");
    await recordAudit({
      workspaceId: opts.workspaceId,
      actor: opts.actor,
      action: "profile.unmerged",
      target: { type: "profile", id: from },
      summary: { from, into, identities: m.identities.length, events: moved.rowCount ?? 0 },
    });
    return { fromProfileId: from, intoProfileId: into, eventsMoved: moved.rowCount ?? 0 };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
