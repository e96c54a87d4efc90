import { pool } from "../db/pool";
import { AppError } from "../errors";

export const PROFILE_FIELDS = ["traits", "segments", "consent", "identities", "seen", "features"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export type ProfileLookup = {
  id: string;
  matchedBy: "user_id" | "email" | "anonymous_id";
  personalization: "allowed" | "refused";
  traits?: Record<string, unknown>;
  segments?: { id: string; name: string; since: string }[];
  consent?: Record<string, { granted: boolean; at?: string }>;
  identities?: { kind: string; value: string }[];
  /** The feature store's vector (counts, recency, model inputs), fresh within seconds of an event. */
  features?: Record<string, unknown>;
  firstSeenAt?: string | null;
  lastSeenAt?: string | null;
};

type Row = {
  id: string; kind: "user_id" | "email" | "anonymous_id"; traits: Record<string, unknown>; consent: Record<string, { granted: boolean; at?: string }>;
  first_seen_at: Date | null; last_seen_at: Date | null; segments: { id: string; name: string; since: string }[] | null; identities: { kind: string; value: string }[] | null;
  features: Record<string, unknown> | null;
};

/**
 * A profile for personalisation, found by user id, email or anonymous id (in that order), in one
 * query: traits (all or chosen ones), segment memberships, consent. A person who refused
 * personalisation gets no traits or segments back, only that refusal.
 */
export async function lookupProfile(opts: { workspaceId: string; identifier: string; fields?: ProfileField[]; traits?: string[] }): Promise<ProfileLookup> {
  const identifier = opts.identifier.trim();
  if (!identifier || identifier.length > 320) throw new AppError("invalid_input", "Give a user id, an email or an anonymous id (at most 320 characters).");
  const fields = new Set(opts.fields?.length ? opts.fields : ["traits", "segments"]);
  // A named (prepared) statement: parsed and planned once per connection, not on every request.
  const { rows } = await pool().query<Row>({
    name: "profile-api-lookup",
    text: `WITH hit AS (
       SELECT i.profile_id, i.kind FROM identities i
        WHERE i.workspace_id = $1 AND ((i.kind = 'user_id' AND i.value = $2) OR (i.kind = 'email' AND i.value = lower($2)) OR (i.kind = 'anonymous_id' AND i.value = $2))
        ORDER BY i.kind = 'user_id' DESC, i.kind = 'email' DESC LIMIT 1)
     SELECT p.id::text, hit.kind, p.traits, p.consent, p.first_seen_at, p.last_seen_at,
            CASE WHEN $3 THEN (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'since', m.since) ORDER BY s.name)
                                 FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.profile_id = p.id) END AS segments,
            CASE WHEN $4 THEN (SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value) ORDER BY i.kind, i.value) FROM identities i WHERE i.profile_id = p.id) END AS identities,
            CASE WHEN $5 THEN (SELECT f.features FROM profile_features f WHERE f.workspace_id = $1 AND f.profile_id = p.id) END AS features
       FROM hit JOIN profiles p ON p.id = hit.profile_id AND p.workspace_id = $1`,
    values: [opts.workspaceId, identifier, fields.has("segments"), fields.has("identities"), fields.has("features")],
  });
  const r = rows[0];
  if (!r) throw new AppError("not_found", "No profile has that user id, email or anonymous id in this workspace.");
  const refused = r.consent?.personalization?.granted === false;
  const out: ProfileLookup = { id: r.id, matchedBy: r.kind, personalization: refused ? "refused" : "allowed" };
  if (fields.has("consent")) out.consent = r.consent;
  if (refused) return out;
  if (fields.has("traits")) out.traits = opts.traits?.length ? Object.fromEntries(opts.traits.filter((t) => t in r.traits).map((t) => [t, r.traits[t]])) : r.traits;
  if (fields.has("segments")) out.segments = r.segments ?? [];
  if (fields.has("identities")) out.identities = r.identities ?? [];
  if (fields.has("features")) out.features = r.features ?? {};
  if (fields.has("seen")) {
    out.firstSeenAt = r.first_seen_at?.toISOString() ?? null;
    out.lastSeenAt = r.last_seen_at?.toISOString() ?? null;
  }
  return out;
}
