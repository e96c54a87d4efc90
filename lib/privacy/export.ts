import type { Queryable } from "../bus/postgres";
import { toCsv } from "../csv";
import type { Subject } from "./subject";

/** Everything held on a person, section by section: what an access request hands over. */
export type SubjectExport = {
  generatedAt: string;
  profiles: unknown[];
  identities: unknown[];
  consent: unknown[];
  events: unknown[];
  segments: unknown[];
  segmentChanges: unknown[];
  journeys: unknown[];
  messages: unknown[];
  destinations: unknown[];
};

/** Gathers the export inside the caller's (repeatable read) transaction, so every section is from the same moment. */
export async function buildExport(client: Queryable, workspaceId: string, subject: Subject): Promise<SubjectExport> {
  const ids = subject.profileIds;
  const q = async (sql: string) => (await client.query(sql, [workspaceId, ids])).rows;
  return {
    generatedAt: new Date().toISOString(),
    profiles: await q(
      "SELECT id::text, traits, consent, first_seen_at, last_seen_at, event_count, merged_into::text, created_at, updated_at FROM profiles WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id",
    ),
    identities: await q("SELECT kind, value, profile_id::text, first_seen_at FROM identities WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[]) ORDER BY first_seen_at"),
    consent: await q("SELECT purpose, granted, at, source, legal_basis, profile_id::text FROM consent_changes WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[]) ORDER BY at"),
    events: await q(
      "SELECT message_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits, context, profile_id::text FROM events WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[]) ORDER BY ts",
    ),
    segments: await q(
      "SELECT s.name AS segment, m.since, m.profile_id::text FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE s.workspace_id = $1 AND m.profile_id = ANY($2::bigint[]) ORDER BY m.since",
    ),
    segmentChanges: await q(
      "SELECT s.name AS segment, c.entered, c.at, c.cause, c.detail FROM segment_changes c JOIN segments s ON s.id = c.segment_id WHERE c.workspace_id = $1 AND c.profile_id = ANY($2::bigint[]) ORDER BY c.at",
    ),
    journeys: await q(
      "SELECT j.name AS journey, st.status, st.node_id, st.entered_at, st.ended_at, st.end_reason FROM journey_states st JOIN journeys j ON j.id = st.journey_id WHERE st.workspace_id = $1 AND st.profile_id = ANY($2::bigint[]) ORDER BY st.entered_at",
    ),
    messages: await q(
      "SELECT j.name AS journey, m.channel, m.status, m.recipient, m.subject, m.created_at, m.sent_at, m.opened_at, m.clicked_at, m.unsubscribed_at FROM journey_messages m JOIN journeys j ON j.id = m.journey_id WHERE m.workspace_id = $1 AND m.profile_id = ANY($2::bigint[]) ORDER BY m.created_at",
    ),
    destinations: await q(
      `SELECT d.name AS destination, g.name AS segment, st.payload AS sent, st.synced_at FROM sync_state st JOIN syncs s ON s.id = st.sync_id
         JOIN destinations d ON d.id = s.destination_id JOIN segments g ON g.id = s.segment_id
        WHERE s.workspace_id = $1 AND st.profile_id = ANY($2::bigint[]) ORDER BY st.synced_at`,
    ),
  };
}

const SECTIONS: { key: keyof Omit<SubjectExport, "generatedAt">; label: string; time: string; name: string }[] = [
  { key: "profiles", label: "profile", time: "updated_at", name: "id" },
  { key: "identities", label: "identity", time: "first_seen_at", name: "kind" },
  { key: "consent", label: "consent", time: "at", name: "purpose" },
  { key: "events", label: "event", time: "ts", name: "event" },
  { key: "segments", label: "segment membership", time: "since", name: "segment" },
  { key: "segmentChanges", label: "segment change", time: "at", name: "segment" },
  { key: "journeys", label: "journey", time: "entered_at", name: "journey" },
  { key: "messages", label: "message", time: "created_at", name: "journey" },
  { key: "destinations", label: "destination", time: "synced_at", name: "destination" },
];

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? "" : String(v));

/** The export as one CSV: a row per item with its section, time, name and every field as JSON. */
export function exportCsv(data: SubjectExport): string {
  const rows: unknown[][] = [];
  for (const s of SECTIONS) {
    for (const item of data[s.key] as Record<string, unknown>[]) {
      const name = s.key === "events" ? (item.event ?? item.type) : item[s.name];
      rows.push([s.label, text(item[s.time]), text(name), JSON.stringify(item)]);
    }
  }
  return toCsv(["section", "time", "name", "data"], rows);
}
