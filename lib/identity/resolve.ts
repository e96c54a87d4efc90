import type pg from "pg";
import { moveEventPeople } from "../analytics/people";
import type { IncomingMessage } from "../ingest/message";
import { keyString, messageKeys, type IdentityKey } from "./keys";

/** A profile may absorb at most this many anonymous ids: a shared device must not glue people together. */
export const MAX_ANONYMOUS_IDS_PER_PROFILE = 100;

type Client = Pick<pg.PoolClient, "query">;

type ProfileInfo = { userIds: Set<string>; anonymousIds: number; isNew: boolean };

export type Merge = { from: number; into: number; cause: "identify" | "alias" | "shared_identifier"; messageId: string };
export type Resolution = { profileIds: number[]; createdProfiles: number; createdIds: number[]; merges: Merge[]; newIdentities: number };

/**
 * Resolves every message of a batch to a profile inside the caller's transaction, set-wise:
 * one lookup of all identifiers, new profiles and identities in bulk, merges where a message links
 * two profiles. Guardrails: two different user ids never merge; a profile takes no more than
 * MAX_ANONYMOUS_IDS_PER_PROFILE anonymous ids. Concurrent batches are serialised per identifier by
 * transaction-scoped advisory locks, taken in a fixed order.
 */
export async function resolveProfiles(client: Client, workspaceId: string, messages: IncomingMessage[], identityTraits: readonly string[] = []): Promise<Resolution> {
  const perMessage = messages.map((m) => {
    const keys = messageKeys(m, identityTraits);
    // alias: the old id may be a user id or an anonymous id.
    if (m.type === "alias" && m.previousId) keys.push({ kind: "user_id", value: m.previousId }, { kind: "anonymous_id", value: m.previousId });
    return keys;
  });
  const all = new Map<string, IdentityKey>();
  for (const keys of perMessage) for (const k of keys) all.set(keyString(k), k);
  const kinds = [...all.values()].map((k) => k.kind);
  const values = [...all.values()].map((k) => k.value);

  await client.query(
    "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended($1 || chr(1) || k || chr(1) || v, 0) AS h FROM unnest($2::text[], $3::text[]) AS t(k, v) ORDER BY 1) locks",
    [workspaceId, kinds, values],
  );
  const found = await client.query<{ kind: string; value: string; profile_id: string }>(
    "SELECT i.kind, i.value, i.profile_id FROM identities i JOIN unnest($2::text[], $3::text[]) AS t(k, v) ON i.kind = t.k AND i.value = t.v WHERE i.workspace_id = $1",
    [workspaceId, kinds, values],
  );
  const owner = new Map<string, number>();
  for (const r of found.rows) owner.set(keyString(r), Number(r.profile_id));

  const info = new Map<number, ProfileInfo>();
  const known = [...new Set(owner.values())];
  if (known.length) {
    const stats = await client.query<{ profile_id: string; user_ids: string[] | null; anonymous: string }>(
      "SELECT profile_id, array_agg(value) FILTER (WHERE kind = 'user_id') AS user_ids, count(*) FILTER (WHERE kind = 'anonymous_id') AS anonymous FROM identities WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[]) GROUP BY profile_id",
      [workspaceId, known],
    );
    for (const r of stats.rows) info.set(Number(r.profile_id), { userIds: new Set(r.user_ids ?? []), anonymousIds: Number(r.anonymous), isNew: false });
  }

  // Pairs an Admin separated are never merged again automatically.
  const separated = new Set<string>();
  if (known.length) {
    const reverted = await client.query<{ a: string; b: string }>(
      "SELECT from_profile_id AS a, into_profile_id AS b FROM profile_merges WHERE workspace_id = $1 AND reverted_at IS NOT NULL AND (from_profile_id = ANY($2::bigint[]) OR into_profile_id = ANY($2::bigint[]))",
      [workspaceId, known],
    );
    for (const r of reverted.rows) separated.add(`${r.a}:${r.b}`).add(`${r.b}:${r.a}`);
  }

  // New profiles get provisional negative ids until they are inserted.
  let provisional = 0;
  const newIdentities: { key: IdentityKey; profile: number }[] = [];
  const merges: Merge[] = [];
  const redirect = new Map<number, number>();
  const live = (p: number) => {
    while (redirect.has(p)) p = redirect.get(p)!;
    return p;
  };
  const attach = (key: IdentityKey, profile: number) => {
    const pi = info.get(profile)!;
    if (key.kind === "user_id") {
      if (pi.userIds.size > 0 && !pi.userIds.has(key.value)) return false; // a second user id never joins a profile
      pi.userIds.add(key.value);
    }
    if (key.kind === "anonymous_id") {
      if (pi.anonymousIds >= MAX_ANONYMOUS_IDS_PER_PROFILE) return false;
      pi.anonymousIds++;
    }
    owner.set(keyString(key), profile);
    newIdentities.push({ key, profile });
    return true;
  };
  const create = () => {
    const p = --provisional;
    info.set(p, { userIds: new Set(), anonymousIds: 0, isNew: true });
    return p;
  };

  const order = messages.map((_, i) => i).sort((a, b) => messages[a]!.ts.getTime() - messages[b]!.ts.getTime() || a - b);
  const result: number[] = new Array(messages.length);
  for (const i of order) {
    const m = messages[i]!;
    const keys = perMessage[i]!;
    const holders = (k: IdentityKey) => (owner.has(keyString(k)) ? live(owner.get(keyString(k))!) : undefined);
    const userKey = m.userId ? { kind: "user_id", value: m.userId } : null;
    // The profile of the user id decides; without one, the first identifier that is known.
    let target = userKey ? holders(userKey) : undefined;
    if (target === undefined) {
      for (const k of keys) {
        const h = holders(k);
        if (h === undefined) continue;
        const hi = info.get(h)!;
        // An anonymous id already owned by another user does not pull this user's events into it.
        if (userKey && hi.userIds.size > 0 && !hi.userIds.has(userKey.value)) continue;
        target = h;
        break;
      }
    }
    if (target === undefined) target = create();
    for (const k of keys) {
      const h = holders(k);
      if (h === undefined) {
        if (!(m.type === "alias" && k.value === m.previousId)) attach(k, target);
        continue;
      }
      if (h === target) continue;
      const from = info.get(h)!;
      const into = info.get(target)!;
      const conflictingUsers = from.userIds.size > 0 && into.userIds.size > 0 && ![...from.userIds].some((u) => into.userIds.has(u));
      if (conflictingUsers || separated.has(`${h}:${target}`) || into.anonymousIds + from.anonymousIds > MAX_ANONYMOUS_IDS_PER_PROFILE) continue;
      merges.push({ from: h, into: target, cause: m.type === "alias" ? "alias" : m.type === "identify" ? "identify" : "shared_identifier", messageId: m.messageId });
      redirect.set(h, target);
      for (const u of from.userIds) into.userIds.add(u);
      into.anonymousIds += from.anonymousIds;
      for (const [ks, p] of owner) if (p === h) owner.set(ks, target);
    }
    result[i] = target;
  }

  // Insert the new profiles and swap provisional ids for real ones.
  // Provisional profiles merged into another within the batch are never stored.
  const fresh = [...info.entries()].filter(([p, v]) => v.isNew && live(p) === p).map(([k]) => k);
  const realId = new Map<number, number>();
  if (fresh.length) {
    const { rows } = await client.query<{ id: string }>("INSERT INTO profiles (workspace_id) SELECT $1 FROM generate_series(1, $2) RETURNING id", [workspaceId, fresh.length]);
    fresh.forEach((p, n) => realId.set(p, Number(rows[n]!.id)));
  }
  const real = (p: number) => {
    const l = live(p);
    return l < 0 ? realId.get(l)! : l;
  };
  // Only stored profiles have rows to move: a provisional one absorbed in this batch was never inserted.
  const merged = merges.filter((mg) => mg.from > 0).map((mg) => ({ ...mg, into: real(mg.into) }));
  for (const mg of merged) await mergeProfiles(client, workspaceId, mg);
  if (newIdentities.length) {
    await client.query(
      "INSERT INTO identities (workspace_id, kind, value, profile_id) SELECT $1, k, v, p FROM unnest($2::text[], $3::text[], $4::bigint[]) AS t(k, v, p) ON CONFLICT (workspace_id, kind, value) DO UPDATE SET profile_id = EXCLUDED.profile_id",
      [workspaceId, newIdentities.map((n) => n.key.kind), newIdentities.map((n) => n.key.value), newIdentities.map((n) => real(n.profile))],
    );
  }
  return { profileIds: result.map(real), createdProfiles: fresh.length, createdIds: [...realId.values()], merges: merged, newIdentities: newIdentities.length };
}

/** Moves everything of `from` into `into`, records the merge, and marks `from` as merged. */
async function mergeProfiles(client: Client, workspaceId: string, mg: Merge): Promise<void> {
  const moved = await client.query<{ kind: string; value: string }>(
    "UPDATE identities SET profile_id = $3 WHERE workspace_id = $1 AND profile_id = $2 RETURNING kind, value",
    [workspaceId, mg.from, mg.into],
  );
  await client.query("UPDATE events SET profile_id = $3 WHERE workspace_id = $1 AND profile_id = $2", [workspaceId, mg.from, mg.into]);
  await moveEventPeople(client, workspaceId, mg.from, mg.into);
  const { rows } = await client.query<{ traits: Record<string, unknown>; trait_times: Record<string, number> }>(
    "UPDATE profiles f SET merged_into = $3, updated_at = now() FROM profiles o WHERE f.id = o.id AND f.workspace_id = $1 AND f.id = $2 RETURNING o.traits, o.trait_times",
    [workspaceId, mg.from, mg.into],
  );
  const from = rows[0] ?? { traits: {}, trait_times: {} };
  // Traits: the later write of each key wins; counts add up; the seen range widens.
  await client.query(
    `UPDATE profiles p SET
       traits = (SELECT coalesce(jsonb_object_agg(k, CASE WHEN coalesce((f.times ->> k)::bigint, -1) > coalesce((p.trait_times ->> k)::bigint, -1) THEN f.traits -> k ELSE p.traits -> k END), '{}')
                 FROM (SELECT jsonb_object_keys(p.traits || f.traits) AS k) keys),
       trait_times = (SELECT coalesce(jsonb_object_agg(k, greatest(coalesce((f.times ->> k)::bigint, -1), coalesce((p.trait_times ->> k)::bigint, -1))), '{}')
                 FROM (SELECT jsonb_object_keys(p.trait_times || f.times) AS k) keys),
       event_count = p.event_count + (SELECT event_count FROM profiles WHERE id = $2),
       first_seen_at = least(p.first_seen_at, (SELECT first_seen_at FROM profiles WHERE id = $2)),
       last_seen_at = greatest(p.last_seen_at, (SELECT last_seen_at FROM profiles WHERE id = $2)),
       updated_at = now()
     FROM (SELECT $4::jsonb AS traits, $5::jsonb AS times) f
     WHERE p.workspace_id = $1 AND p.id = $3`,
    [workspaceId, mg.from, mg.into, JSON.stringify(from.traits), JSON.stringify(from.trait_times)],
  );
  await client.query(
    "INSERT INTO profile_merges (workspace_id, from_profile_id, into_profile_id, cause, message_id, identities, from_traits) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [workspaceId, mg.from, mg.into, mg.cause, mg.messageId, JSON.stringify(moved.rows), JSON.stringify(from.traits)],
  );
}
