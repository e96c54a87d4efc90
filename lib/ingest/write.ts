import type pg from "pg";
import { appendAnalytics } from "../analytics/append";
import { ensureEventPartitions, partitionName } from "../db/partitions";
import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";
import { resolveProfiles } from "../identity/resolve";
import { routeEvents } from "../journeys/inputs";
import { queueFeatures } from "../ml/features/store";
import { queueComputed } from "../profiles/computed";
import { recordConsentChanges } from "../privacy/consent";
import { dropSuppressed } from "../privacy/suppress";
import { enqueueTouched } from "../segments/queue";
import { noteEventNames } from "../segments/vocabulary";
import type { IncomingMessage } from "./message";

/** `suppressed`: messages of erased people that were dropped (present only when some were). */
export type IngestResult = { accepted: number; duplicates: number; profilesCreated: number; merges: number; suppressed?: number };

const knownPartitions = new Set<string>();
const identityTraitsCache = new TtlCache<string[]>(5_000);

/** The workspace's identifying traits (Settings → Workspace), cached for a few seconds. */
function identityTraitsOf(client: pg.PoolClient, workspaceId: string): Promise<string[]> {
  return identityTraitsCache.get(workspaceId, async () => {
    const { rows } = await client.query<{ identity_traits: string[] | null }>("SELECT identity_traits FROM workspaces WHERE id = $1", [workspaceId]);
    return rows[0]?.identity_traits ?? [];
  });
}

async function ensurePartitionsFor(client: pg.PoolClient, messages: IncomingMessage[]) {
  const months = new Map<string, Date>();
  for (const m of messages) {
    const month = new Date(Date.UTC(m.ts.getUTCFullYear(), m.ts.getUTCMonth(), 1));
    const name = partitionName(month);
    if (!knownPartitions.has(name)) months.set(name, month);
  }
  if (months.size === 0) return;
  // DDL outside the ingest transaction: partitions are shared, and creating one is idempotent.
  for (const [name, month] of months) {
    await ensureEventPartitions(client, month, month);
    knownPartitions.add(name);
  }
}

type TraitUpdate = { traits: Record<string, unknown>; times: Record<string, number> };
type ConsentUpdate = Record<string, { granted: boolean; at: string; source: string }>;

/**
 * Consent per purpose ({ purpose: true | false }) from `context.consent.categoryPreferences` (as
 * Segment's consent tools send it) or from an identify's `traits.consent`.
 */
function consentOf(m: IncomingMessage): { prefs: Record<string, boolean>; source: string } | null {
  const fromContext = (m.context?.consent as { categoryPreferences?: unknown } | undefined)?.categoryPreferences;
  const fromTraits = m.type === "identify" ? m.traits?.consent : undefined;
  const prefs = fromContext ?? fromTraits;
  if (!prefs || typeof prefs !== "object" || Array.isArray(prefs)) return null;
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(prefs)) if (typeof v === "boolean" && /^[a-z0-9_ -]{1,60}$/i.test(k)) out[k.toLowerCase().replace(/[ -]/g, "_")] = v;
  return Object.keys(out).length ? { prefs: out, source: `${m.type} ${fromContext ? "context.consent" : "traits.consent"}` } : null;
}

/** Per profile: event count, seen range, and the latest value of each identify trait (by event time). */
function profileUpdates(messages: IncomingMessage[], profileIds: number[]) {
  const byProfile = new Map<number, { count: number; first: number; last: number; update: TraitUpdate; consent: ConsentUpdate; events: Set<string>; lastMessageId: string }>();
  messages.forEach((m, i) => {
    const id = profileIds[i]!;
    const t = m.ts.getTime();
    const u = byProfile.get(id) ?? { count: 0, first: t, last: t, update: { traits: {}, times: {} }, consent: {}, events: new Set<string>(), lastMessageId: m.messageId };
    if (m.event) u.events.add(m.event);
    u.lastMessageId = m.messageId;
    const consent = consentOf(m);
    if (consent) {
      for (const [purpose, granted] of Object.entries(consent.prefs)) {
        const prev = u.consent[purpose];
        if (!prev || prev.at <= m.ts.toISOString()) u.consent[purpose] = { granted, at: m.ts.toISOString(), source: consent.source };
      }
    }
    u.count++;
    u.first = Math.min(u.first, t);
    u.last = Math.max(u.last, t);
    if (m.type === "identify" && m.traits) {
      for (const [k, v] of Object.entries(m.traits)) {
        if ((u.update.times[k] ?? -1) <= t) {
          u.update.traits[k] = v;
          u.update.times[k] = t;
        }
      }
    }
    byProfile.set(id, u);
  });
  return byProfile;
}

/**
 * Stores a batch durably: one transaction that dedups on (workspace, messageId), resolves every
 * message to a profile, inserts the events and updates the profiles. When it returns, the batch is
 * committed: only then may the HTTP API answer 200.
 */
export async function ingestMessages(opts: { workspaceId: string; sourceId: string | null; messages: IncomingMessage[] }): Promise<IngestResult> {
  try {
    return await ingestOnce(opts);
  } catch (e) {
    // A partition this process knew was dropped by retention since: forget what it knew and try again.
    if ((e as { code?: string }).code !== "23514" || !/no partition/i.test((e as Error).message)) throw e;
    knownPartitions.clear();
    return ingestOnce(opts);
  }
}

async function ingestOnce(opts: { workspaceId: string; sourceId: string | null; messages: IncomingMessage[] }): Promise<IngestResult> {
  if (opts.messages.length === 0) return { accepted: 0, duplicates: 0, profilesCreated: 0, merges: 0 };
  const client = await pool().connect();
  try {
    await ensurePartitionsFor(client, opts.messages);
    await client.query("BEGIN");
    // Keep the first of any message id repeated inside the batch, then drop the ones seen before.
    const seen = new Set<string>();
    const deduped = opts.messages.filter((m) => !seen.has(m.messageId) && seen.add(m.messageId));
    // Erased people stay erased: their messages are dropped unless they come back granting a consent.
    const { kept: unique, blocked } = await dropSuppressed(client, opts.workspaceId, deduped, (m) => Object.values(consentOf(m)?.prefs ?? {}).some(Boolean));
    const suppressed = blocked ? { suppressed: blocked } : {};
    const inserted = await client.query<{ message_id: string }>(
      "INSERT INTO event_dedup (workspace_id, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING message_id",
      [opts.workspaceId, unique.map((m) => m.messageId)],
    );
    const fresh = new Set(inserted.rows.map((r) => r.message_id));
    const messages = unique.filter((m) => fresh.has(m.messageId));
    if (messages.length === 0) {
      await client.query("COMMIT");
      return { accepted: 0, duplicates: opts.messages.length - blocked, profilesCreated: 0, merges: 0, ...suppressed };
    }
    const resolution = await resolveProfiles(client, opts.workspaceId, messages, await identityTraitsOf(client, opts.workspaceId));
    // One JSON document for the whole batch: PostgreSQL parses it once, Node serialises it natively.
    const rows = messages.map((m, i) => ({
      m: m.messageId,
      t: m.type,
      e: m.event,
      p: resolution.profileIds[i],
      a: m.anonymousId,
      u: m.userId,
      ts: m.ts.toISOString(),
      ot: m.originalTimestamp?.toISOString() ?? null,
      sa: m.sentAt?.toISOString() ?? null,
      ra: m.receivedAt.toISOString(),
      pr: m.properties,
      tr: m.traits,
      cx: m.context,
    }));
    await client.query(
      `INSERT INTO events (workspace_id, source_id, message_id, type, event, profile_id, anonymous_id, user_id, ts, original_timestamp, sent_at, received_at, properties, traits, context)
       SELECT $1, $2, m, t, e, p, a, u, ts, ot, sa, ra, pr, tr, cx
         FROM jsonb_to_recordset($3::jsonb) AS x(m text, t text, e text, p bigint, a text, u text, ts timestamptz, ot timestamptz, sa timestamptz, ra timestamptz, pr jsonb, tr jsonb, cx jsonb)`,
      [opts.workspaceId, opts.sourceId, JSON.stringify(rows).replace(/(?<!\\)\\u0000/g, "")],
    );
    // Events a journey listens for (triggers, waits, goals) go to its inbox in the same transaction.
    await routeEvents(client, opts.workspaceId, messages.map((m, i) => ({ profileId: resolution.profileIds[i]!, event: m.type === "track" ? m.event : null, messageId: m.messageId, ts: m.ts, receivedAt: m.receivedAt, properties: m.properties })));
    // Analytics' counts (per event and hour, per breakdown value, who did what each hour), committed with the events they count.
    await appendAnalytics(client, opts.workspaceId, messages, resolution.profileIds);
    const updates = [...profileUpdates(messages, resolution.profileIds)];
    await recordConsentChanges(client, opts.workspaceId, updates.filter(([, u]) => Object.keys(u.consent).length > 0).map(([id, u]) => ({ profileId: id, consent: u.consent })));
    await client.query(
      `UPDATE profiles p SET
         event_count = p.event_count + u.n,
         first_seen_at = least(coalesce(p.first_seen_at, u.first), u.first),
         last_seen_at = greatest(coalesce(p.last_seen_at, u.last), u.last),
         traits = p.traits || (SELECT coalesce(jsonb_object_agg(k, u.traits -> k), '{}') FROM jsonb_object_keys(u.traits) k
                               WHERE (u.times ->> k)::bigint >= coalesce((p.trait_times ->> k)::bigint, -1)),
         trait_times = p.trait_times || (SELECT coalesce(jsonb_object_agg(k, u.times -> k), '{}') FROM jsonb_object_keys(u.times) k
                               WHERE (u.times ->> k)::bigint >= coalesce((p.trait_times ->> k)::bigint, -1)),
         consent = p.consent || (SELECT coalesce(jsonb_object_agg(k, u.consent -> k), '{}') FROM jsonb_object_keys(u.consent) k
                               WHERE coalesce(p.consent -> k ->> 'at', '') <= u.consent -> k ->> 'at'),
         -- Unchanged (and so a HOT update) when the batch only brought events: see migration 0032.
         updated_at = CASE WHEN u.traits = '{}' AND u.consent = '{}' THEN p.updated_at ELSE now() END
       FROM unnest($2::bigint[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::jsonb[], $8::jsonb[]) AS u(id, n, first, last, traits, times, consent)
       WHERE p.workspace_id = $1 AND p.id = u.id`,
      [
        opts.workspaceId,
        updates.map(([id]) => id),
        updates.map(([, u]) => u.count),
        updates.map(([, u]) => new Date(u.first)),
        updates.map(([, u]) => new Date(u.last)),
        updates.map(([, u]) => JSON.stringify(u.update.traits)),
        updates.map(([, u]) => JSON.stringify(u.update.times)),
        updates.map(([, u]) => JSON.stringify(u.consent)),
      ],
    );
    // A new profile is new to every segment ("has not ordered" holds for it at once); so are both sides of a merge.
    const created = new Set(resolution.createdIds);
    await enqueueTouched(client, opts.workspaceId, [
      ...updates.map(([profileId, u]) => ({
        everything: created.has(profileId),
        profileId,
        events: [...u.events],
        traits: Object.keys(u.update.traits).length > 0,
        consent: Object.keys(u.consent).length > 0,
        messageId: u.lastMessageId,
      })),
      ...resolution.merges.flatMap((mg) => [mg.from, mg.into].map((profileId) => ({ profileId, merged: true, messageId: mg.messageId }))),
    ]);
    // Profiles whose new events a computed trait reads are queued for the traits worker, in this transaction too.
    await queueComputed(client, opts.workspaceId, updates.map(([profileId, u]) => ({ profileId, events: [...u.events] })));
    // And for the feature store (models and decisions read it).
    await queueFeatures(client, opts.workspaceId, updates.map(([profileId, u]) => ({ profileId, events: [...u.events], traits: Object.keys(u.update.traits).length > 0 })));
    await client.query("COMMIT");
    noteEventNames(opts.workspaceId, new Set(messages.map((m) => m.event).filter((e): e is string => !!e)));
    return { accepted: messages.length, duplicates: opts.messages.length - messages.length - blocked, profilesCreated: resolution.createdProfiles, merges: resolution.merges.length, ...suppressed };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
