import type { Queryable } from "../bus/postgres";

/** A data subject as the workspace holds them: every profile (merged ones too) and every identifier. */
export type Subject = { profileIds: string[]; identifiers: { kind: string; value: string }[]; emails: string[] };

/**
 * Finds everything that belongs to the person an identifier names: the live profile it resolves to,
 * every profile ever merged into it (and those merged into them), and all their identifiers and
 * email addresses (from identities and traits). Empty when the workspace does not know them.
 */
export async function findSubject(client: Queryable, workspaceId: string, kind: string, value: string): Promise<Subject> {
  const start = await client.query<{ id: string }>(
    `WITH RECURSIVE up(id, merged_into, depth) AS (
        SELECT p.id, p.merged_into, 0 FROM identities i JOIN profiles p ON p.id = i.profile_id
         WHERE i.workspace_id = $1 AND i.kind = $2 AND i.value = $3
        UNION ALL
        SELECT p.id, p.merged_into, up.depth + 1 FROM up JOIN profiles p ON p.id = up.merged_into WHERE up.depth < 50)
     SELECT id::text FROM up WHERE merged_into IS NULL`,
    [workspaceId, kind, value],
  );
  // Events can name the person by user or anonymous id without an identities row (rare, e.g. a partial import).
  const byEvent = start.rows.length
    ? { rows: [] as { id: string }[] }
    : await client.query<{ id: string }>(
        `SELECT DISTINCT profile_id::text AS id FROM events WHERE workspace_id = $1 AND profile_id IS NOT NULL AND ${kind === "user_id" ? "user_id" : kind === "anonymous_id" ? "anonymous_id" : "NULL"} = $2 LIMIT 10`,
        [workspaceId, value],
      );
  const roots = [...start.rows, ...byEvent.rows].map((r) => r.id);
  if (roots.length === 0) return { profileIds: [], identifiers: [{ kind, value }], emails: kind === "email" ? [value] : [] };
  const all = await client.query<{ id: string }>(
    `WITH RECURSIVE down(id, depth) AS (
        SELECT unnest($2::bigint[]), 0
        UNION
        SELECT p.id, down.depth + 1 FROM down JOIN profiles p ON p.merged_into = down.id AND p.workspace_id = $1 WHERE down.depth < 50)
     SELECT DISTINCT id::text FROM down`,
    [workspaceId, roots],
  );
  const profileIds = all.rows.map((r) => r.id);
  const ids = await client.query<{ kind: string; value: string }>("SELECT kind, value FROM identities WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[])", [workspaceId, profileIds]);
  const traitEmails = await client.query<{ email: string }>(
    "SELECT DISTINCT lower(trim(traits ->> 'email')) AS email FROM profiles WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND traits ? 'email'",
    [workspaceId, profileIds],
  );
  const identifiers = [...ids.rows];
  if (!identifiers.some((i) => i.kind === kind && i.value === value)) identifiers.push({ kind, value });
  const emails = [...new Set([...identifiers.filter((i) => i.kind === "email").map((i) => i.value), ...traitEmails.rows.map((r) => r.email).filter(Boolean)])];
  return { profileIds, identifiers, emails };
}
