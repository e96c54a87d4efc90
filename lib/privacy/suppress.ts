import type { Queryable } from "../bus/postgres";
import { pool } from "../db/pool";
import { messageKeys } from "../identity/keys";
import type { IncomingMessage } from "../ingest/message";
import { identifierHash } from "./identifiers";

/**
 * Drops messages from erased people, inside the ingest transaction: a message any of whose
 * identifiers (user id, anonymous id, email, external ids) is suppressed is not stored, unless it
 * grants a consent (`returnsWithConsent`): then the person came back, the suppression of its
 * identifiers is lifted and the message goes through. Counts what it blocked, per identifier.
 * Checked in the batch's transaction, not cached: an erasure finished by another process a moment ago
 * must hold at once.
 */
export async function dropSuppressed<M extends IncomingMessage>(client: Queryable, workspaceId: string, messages: M[], returnsWithConsent: (m: M) => boolean): Promise<{ kept: M[]; blocked: number }> {
  if (messages.length === 0) return { kept: messages, blocked: 0 };
  // Most workspaces have erased nobody: one index probe, and no hashing.
  if (!(await client.query("SELECT 1 FROM privacy_suppressions WHERE workspace_id = $1 LIMIT 1", [workspaceId])).rowCount) return { kept: messages, blocked: 0 };
  const hashesOf = messages.map((m) => messageKeys(m).map((k) => identifierHash(k.kind, k.value)));
  const { rows } = await client.query<{ value_hash: string }>("SELECT value_hash FROM privacy_suppressions WHERE workspace_id = $1 AND value_hash = ANY($2::text[])", [workspaceId, [...new Set(hashesOf.flat())]]);
  if (rows.length === 0) return { kept: messages, blocked: 0 };
  const suppressed = new Set(rows.map((r) => r.value_hash));
  const kept: M[] = [];
  const blockedHashes: string[] = [];
  const lifted: string[] = [];
  messages.forEach((m, i) => {
    const hits = hashesOf[i]!.filter((h) => suppressed.has(h));
    if (hits.length === 0) return kept.push(m);
    if (returnsWithConsent(m)) {
      lifted.push(...hashesOf[i]!);
      hits.forEach((h) => suppressed.delete(h));
      return kept.push(m);
    }
    blockedHashes.push(...hits);
  });
  if (lifted.length) await client.query("DELETE FROM privacy_suppressions WHERE workspace_id = $1 AND value_hash = ANY($2::text[])", [workspaceId, lifted]);
  if (blockedHashes.length) {
    await client.query(
      "UPDATE privacy_suppressions s SET blocked = s.blocked + x.n, last_blocked_at = now() FROM (SELECT h, count(*)::int AS n FROM unnest($2::text[]) h GROUP BY h) x WHERE s.workspace_id = $1 AND s.value_hash = x.h",
      [workspaceId, blockedHashes],
    );
  }
  return { kept, blocked: messages.length - kept.length };
}

/** How many identifiers are suppressed and how many messages they blocked: for the privacy page. */
export async function suppressionStats(workspaceId: string): Promise<{ identifiers: number; blocked: number; lastBlockedAt: string | null }> {
  const { rows } = await pool().query<{ n: string; blocked: string; last: Date | null }>(
    "SELECT count(*)::text AS n, coalesce(sum(blocked), 0)::text AS blocked, max(last_blocked_at) AS last FROM privacy_suppressions WHERE workspace_id = $1",
    [workspaceId],
  );
  return { identifiers: Number(rows[0]!.n), blocked: Number(rows[0]!.blocked), lastBlockedAt: rows[0]!.last?.toISOString() ?? null };
}
