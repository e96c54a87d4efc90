import { pool } from "../db/pool";
import { ingestMessages } from "../ingest/write";
import type { IncomingMessage } from "../ingest/message";
import type { Engagement } from "./actions";

/**
 * Engagement with journey messages (delivered, bounced, opened, clicked, unsubscribed) comes back
 * as track events on the profile, through the same ingestion as everything else: it lands on the
 * timeline, in segments ("opened an email in the last 7 days") and can trigger journeys. Message
 * ids are derived from the message, so repeats are deduplicated.
 */
export async function recordEngagement(workspaceId: string, items: Engagement[], at = new Date()): Promise<void> {
  if (items.length === 0) return;
  const ids = [...new Set(items.map((i) => i.profileId))];
  const { rows } = await pool().query<{ profile_id: string; kind: string; value: string }>(
    `SELECT DISTINCT ON (profile_id) profile_id::text, kind, value FROM identities
      WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[]) AND kind IN ('user_id', 'anonymous_id')
      ORDER BY profile_id, (kind = 'user_id') DESC, first_seen_at`,
    [workspaceId, ids],
  );
  const who = new Map(rows.map((r) => [r.profile_id, r]));
  const messages: IncomingMessage[] = [];
  for (const i of items) {
    const id = who.get(i.profileId);
    if (!id) continue;
    messages.push({
      type: "track",
      messageId: i.messageId,
      userId: id.kind === "user_id" ? id.value : null,
      anonymousId: id.kind === "anonymous_id" ? id.value : null,
      event: i.event,
      properties: { ...i.properties, channel: "email" },
      traits: null,
      context: { library: { name: "northstar-journeys", version: "1" } },
      groupId: null,
      previousId: null,
      ts: at,
      originalTimestamp: at,
      sentAt: null,
      receivedAt: at,
    });
  }
  if (messages.length) await ingestMessages({ workspaceId, sourceId: null, messages });
}
