import { consumeBatch, TOPICS, type Delivered } from "../bus";
import { requestRun } from "./queue";

export const ACTIVATION_CONSUMER = "activation";

type Change = { workspaceId: string; segmentId: string; profileId: string; at: string };

/**
 * Membership changes from the segment engine mark the profile dirty for every active sync of that
 * segment (what the next incremental run sends) and queue a run at once for real-time syncs;
 * marking and the bus cursor commit together.
 */
export async function markMembershipChanges(limit = 2000): Promise<number> {
  return consumeBatch(
    ACTIVATION_CONSUMER,
    TOPICS.segmentMembership,
    async (messages: Delivered[], client) => {
      const changes = messages.map((m) => m.payload as Change).filter((c) => c && c.segmentId && c.profileId);
      if (changes.length === 0) return;
      const { rows } = await client.query<{ sync_id: string; workspace_id: string }>(
        `WITH x AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[]) AS x(workspace_id, segment_id, profile_id, at)),
         marked AS (
           INSERT INTO sync_dirty (sync_id, profile_id, changed_at)
           SELECT DISTINCT ON (s.id, x.profile_id) s.id, x.profile_id, x.at FROM x
             JOIN syncs s ON s.segment_id = x.segment_id AND s.workspace_id = x.workspace_id AND s.status = 'active'
            ORDER BY s.id, x.profile_id, x.at DESC
           ON CONFLICT (sync_id, profile_id) DO UPDATE SET marked_at = clock_timestamp(), changed_at = excluded.changed_at
           RETURNING sync_id)
         SELECT DISTINCT m.sync_id, s.workspace_id FROM marked m JOIN syncs s ON s.id = m.sync_id AND s.trigger = 'realtime'`,
        [changes.map((c) => c.workspaceId), changes.map((c) => c.segmentId), changes.map((c) => c.profileId), changes.map((c) => c.at)],
      );
      for (const r of rows) await requestRun({ client, workspaceId: r.workspace_id, syncId: r.sync_id, kind: "realtime", requestedBy: "membership change" });
    },
    limit,
  );
}
