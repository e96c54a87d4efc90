import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";

/**
 * A workspace of N profiles for the API benchmarks: traits (email, name, plan, lifetime value),
 * personalisation allowed, a user id, an email and an anonymous id each, four segments of
 * different sizes, settled (vacuumed, checkpointed), and a read API key. Returns the key's secret.
 */
export async function seedApiWorkspace(db: pg.Client, ws: string, name: string, people: number): Promise<{ secret: string; ids: string[] }> {
  await db.query("INSERT INTO workspaces (id, name, slug) VALUES ($1, $2, $1)", [ws, name]);
  await db.query(
    `INSERT INTO profiles (workspace_id, traits, consent, first_seen_at, last_seen_at)
     SELECT $1, jsonb_build_object('email', 'person' || g || '@example.com', 'first_name', 'Person ' || g, 'plan', (ARRAY['basic','plus','pro'])[1 + g % 3], 'lifetime_value', g % 500),
            '{"personalization": {"granted": true}}', now() - interval '30 days', now() - interval '1 day'
       FROM generate_series(1, $2::int) g`,
    [ws, people],
  );
  await db.query(
    `INSERT INTO identities (workspace_id, kind, value, profile_id)
     SELECT $1, k.kind, CASE k.kind WHEN 'user_id' THEN 'user_' || p.id WHEN 'email' THEN p.traits ->> 'email' ELSE 'anon_' || p.id END, p.id
       FROM profiles p CROSS JOIN (VALUES ('user_id'), ('email'), ('anonymous_id')) k(kind) WHERE p.workspace_id = $1`,
    [ws],
  );
  for (const [i, seg] of ["VIP", "Newsletter", "Cart abandoners", "Pro plan"].entries()) {
    const id = `seg_${ws}_${i}`;
    await db.query("INSERT INTO segments (id, workspace_id, name, definition, created_by) VALUES ($1, $2, $3, '{\"type\":\"group\",\"op\":\"and\",\"conditions\":[]}', 'bench')", [id, ws, seg]);
    await db.query("INSERT INTO segment_members (segment_id, profile_id, since) SELECT $1, id, now() FROM profiles WHERE workspace_id = $2 AND id % $3 = 0", [id, ws, i + 2]);
  }
  // Settle the fresh tables first, so autovacuum and a checkpoint do not run during the measurement.
  await db.query("VACUUM ANALYZE profiles, identities, segment_members, segments");
  await db.query("CHECKPOINT");
  const secret = `nsk_${randomBytes(32).toString("base64url")}`;
  await db.query("INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scope) VALUES ($1, $2, 'bench', $3, $4, 'read')", [
    `key_${randomBytes(6).toString("hex")}`, ws, secret.slice(0, 12), createHash("sha256").update(secret).digest("hex"),
  ]);
  const ids = (await db.query<{ id: string }>("SELECT id::text FROM profiles WHERE workspace_id = $1", [ws])).rows.map((r) => r.id);
  return { secret, ids };
}
