import { pool } from "../db/pool";
import { AppError } from "../errors";

/** What journeys read of a profile: traits, consent, the address emails go to, user id, timezone. */
export type JourneyProfile = { id: string; traits: Record<string, unknown>; consent: Record<string, { granted?: unknown }>; email: string | null; user_id: string | null; tz: string };

/** The profile's email: its `email` trait, else an email identity. */
export const EMAIL_SQL = "coalesce(nullif(p.traits ->> 'email', ''), (SELECT min(i.value) FROM identities i WHERE i.profile_id = p.id AND i.kind = 'email'))";
const COLUMNS = `p.id::text, p.traits, p.consent, ${EMAIL_SQL} AS email,
  (SELECT min(i.value) FROM identities i WHERE i.profile_id = p.id AND i.kind = 'user_id') AS user_id,
  coalesce(p.traits ->> 'timezone', w.timezone) AS tz`;

/** A profile by its id, user id, email or anonymous id, for previews and test runs. */
export async function findJourneyProfile(workspaceId: string, who: string): Promise<JourneyProfile> {
  const { rows } = await pool().query<JourneyProfile>(
    `WITH target AS (
       SELECT p.id FROM profiles p WHERE p.workspace_id = $2 AND p.merged_into IS NULL AND $1 ~ '^[0-9]{1,18}$' AND p.id = $1::bigint
       UNION ALL
       SELECT i.profile_id FROM identities i WHERE i.workspace_id = $2 AND i.kind IN ('user_id', 'email', 'anonymous_id') AND i.value = $1
       LIMIT 1)
     SELECT ${COLUMNS} FROM profiles p JOIN target t ON t.id = p.id JOIN workspaces w ON w.id = p.workspace_id`,
    [who, workspaceId],
  );
  if (!rows[0]) throw new AppError("not_found", `No profile in this workspace has the id, user id or email “${who}”.`);
  return rows[0];
}

/** Profiles by id, as the engine advances them (merged ones included, so it can end their journey). */
export async function loadJourneyProfiles(ids: string[]): Promise<Map<string, JourneyProfile & { merged_into: string | null }>> {
  const { rows } = await pool().query<JourneyProfile & { merged_into: string | null }>(
    `SELECT ${COLUMNS}, p.merged_into::text FROM profiles p JOIN workspaces w ON w.id = p.workspace_id WHERE p.id = ANY($1::bigint[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Consent for a purpose is granted (`true`, or "true" as some sources send it). */
export function consentGranted(consent: JourneyProfile["consent"], purpose: string): boolean {
  const g = consent?.[purpose]?.granted;
  return g === true || String(g).toLowerCase() === "true";
}
