import { busKind, consumeBatch, publish, TOPICS, type Delivered, type Queryable } from "../bus";
import { withTransaction } from "../db/pool";
import { enterProfiles, matchingEvents } from "./enter";
import type { GoalConfig, TriggerConfig, WaitConfig } from "./schema";
import { loadVersion } from "./version";

export const JOURNEYS_CONSUMER = "journeys";
/** Notified when ingestion puts events in the journey inbox. */
export const JOURNEYS_CHANNEL = "ns_journeys";

type Listener = { journey_id: string; version: number; kind: string; segment_id: string | null; event: string | null; status: string };

async function listeners(db: Queryable, where: string, params: unknown[]): Promise<Listener[]> {
  const { rows } = await db.query<Listener>(
    `SELECT l.journey_id, j.version, l.kind, l.segment_id, l.event, j.status FROM journey_listeners l JOIN journeys j ON j.id = l.journey_id WHERE ${where}`,
    params,
  );
  return rows;
}

type Membership = { workspaceId: string; segmentId: string; profileId: string; entered: boolean; at: string; cause?: string; detail?: string | null };

/**
 * Segment entries and exits from the bus (live ones: not a segment's backfill from history): start
 * journeys triggered by them, and end the states of
 * journeys set to exit when the profile leaves the trigger segment. The bus cursor moves in the
 * same transaction, so a crash replays the batch (entering is idempotent).
 */
export async function processMembership(now = new Date(), limit = 2000): Promise<number> {
  return consumeBatch(
    JOURNEYS_CONSUMER,
    TOPICS.segmentMembership,
    async (messages: Delivered[], client) => {
      const changes = messages.map((m) => ({ ...(m.payload as Membership), sentAt: m.createdAt })).filter((c) => c?.segmentId && c.profileId);
      if (changes.length === 0) return;
      const ls = await listeners(client, "l.segment_id = ANY($1::text[]) AND j.status = 'published'", [[...new Set(changes.map((c) => c.segmentId))]]);
      for (const l of ls) {
        const mine = changes.filter((c) => c.segmentId === l.segment_id);
        if (l.kind === "trigger_enter" || l.kind === "trigger_exit") {
          const want = l.kind === "trigger_enter";
          const v = await loadVersion(client, l.journey_id, l.version);
          // A segment built or rebuilt from history (backfill) starts nobody: journeys begin with changes that happen now.
          // Nor do changes from before this version was published (a consumer catching up on old messages).
          const entries = mine.filter((c) => c.entered === want && c.workspaceId === v.workspaceId && c.cause !== "backfill" && c.sentAt.getTime() >= v.publishedAt.getTime());
          await enterProfiles(client, v, entries.map((c) => ({ profileId: Number(c.profileId), due: new Date(c.at), context: { segment: { id: c.segmentId, entered: c.entered, cause: c.cause ?? null, detail: c.detail ?? null } } })), now);
        } else if (l.kind === "exit_on_leave") {
          const left = mine.filter((c) => !c.entered).map((c) => Number(c.profileId));
          if (left.length) await endStates(client, `journey_id = $1 AND profile_id = ANY($2::bigint[])`, [l.journey_id, left], "exited", "Left the trigger segment", now);
        }
      }
    },
    limit,
  );
}

/** Ends active states matching a condition, with a trace step saying why. */
export async function endStates(db: Queryable, where: string, params: unknown[], status: "exited" | "converted" | "completed", reason: string, now: Date, nodeOf?: string): Promise<number> {
  const n = params.length;
  const { rowCount } = await db.query(
    `WITH ended AS (
       UPDATE journey_states SET status = $${n + 1}, end_reason = $${n + 2}, ended_at = $${n + 3}, due_at = NULL, wait_event = NULL
        WHERE status = 'active' AND ${where}
        RETURNING id, workspace_id, journey_id, version, profile_id, node_id)
     INSERT INTO journey_steps (workspace_id, journey_id, version, state_id, profile_id, node_id, kind, detail, at)
     SELECT workspace_id, journey_id, version, id, profile_id, coalesce($${n + 4}, node_id), $${n + 1}, $${n + 2}, $${n + 3} FROM ended`,
    [...params, status, reason, now, nodeOf ?? null],
  );
  return rowCount ?? 0;
}

type InboxRow = { id: string; workspace_id: string; profile_id: string; event: string; message_id: string; ts: Date; properties: unknown; received_at: Date };

/**
 * Events routed by ingestion: start event-triggered journeys, wake profiles waiting for the
 * event, and convert profiles whose journey's goal it is. Taken with SKIP LOCKED and deleted in the
 * same transaction as their effects.
 */
export async function processInbox(now = new Date(), limit = 1000, workspaceId?: string): Promise<number> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<InboxRow>(
      `DELETE FROM journey_inbox WHERE id IN (SELECT id FROM journey_inbox WHERE ($2::text IS NULL OR workspace_id = $2) ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id::text, workspace_id, profile_id::text, event, message_id, ts, properties, received_at`,
      [limit, workspaceId ?? null],
    );
    await handleEvents(client, rows, now);
    return rows.length;
  });
}

type Routed = { workspaceId: string; profileId: number; event: string; messageId: string; ts: string; properties: unknown; receivedAt: string };

/**
 * With BUS=nats the same events come from the journeys stream (relayed from the outbox, partitioned
 * by profile): handled in one transaction per batch, acknowledged once it commits.
 */
export async function processTriggers(now = new Date(), limit = 1000): Promise<number> {
  let handled = 0;
  await consumeBatch(
    JOURNEYS_CONSUMER,
    TOPICS.journeyTrigger,
    async (messages, client) => {
      const rows = messages.map((m) => {
        const r = m.payload as Routed;
        return { id: m.id, workspace_id: r.workspaceId, profile_id: String(r.profileId), event: r.event, message_id: r.messageId, ts: new Date(r.ts), properties: r.properties, received_at: new Date(r.receivedAt) };
      });
      handled += rows.length;
      await handleEvents(client, rows, now);
    },
    limit,
  );
  return handled;
}

async function handleEvents(client: Queryable, rows: InboxRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const ls = await listeners(client, "(l.workspace_id, l.event) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND j.status IN ('published', 'paused')", [
    rows.map((r) => r.workspace_id),
    rows.map((r) => r.event),
  ]);
  for (const l of ls) {
    const mine = rows.filter((r) => r.event === l.event);
    if (l.kind === "trigger_event" && l.status === "published") {
      const v = await loadVersion(client, l.journey_id, l.version);
      const cfg = v.trigger.config as TriggerConfig;
      if (cfg.kind !== "event") continue;
      const hits = await matchingEvents(client, cfg.filters ?? [], mine.filter((r) => r.workspace_id === v.workspaceId), now);
      await enterProfiles(client, v, hits.map((r) => ({ profileId: Number(r.profile_id), due: r.received_at, context: { event: { name: r.event, messageId: r.message_id, ts: r.ts.toISOString(), properties: r.properties ?? {} } } })), now);
    } else if (l.kind === "wait_event") await wakeWaiting(client, l.journey_id, mine, now);
    else if (l.kind === "goal") await convert(client, l.journey_id, mine, now);
  }
}

type Waiting = { id: string; version: number; node_id: string; profile_id: string; node_entered_at: Date };

async function activeStates(db: Queryable, journeyId: string, events: InboxRow[], extra: string): Promise<Waiting[]> {
  const { rows } = await db.query<Waiting>(
    `SELECT id::text, version, node_id, profile_id::text, node_entered_at FROM journey_states
      WHERE journey_id = $1 AND status = 'active' AND profile_id = ANY($2::bigint[]) ${extra} FOR UPDATE`,
    [journeyId, [...new Set(events.map((e) => e.profile_id))]],
  );
  return rows;
}

/** An event a state waits for sends it down the wait's "event" path, due at once. */
async function wakeWaiting(db: Queryable, journeyId: string, events: InboxRow[], now: Date) {
  const states = await activeStates(db, journeyId, events, "AND phase = 'waiting' AND wait_event IS NOT NULL");
  for (const s of states) {
    const v = await loadVersion(db, journeyId, s.version);
    const cfg = v.nodes.get(s.node_id)?.config as WaitConfig | undefined;
    if (cfg?.mode !== "event") continue;
    const candidates = events.filter((e) => e.profile_id === s.profile_id && e.event === cfg.event && e.ts.getTime() >= s.node_entered_at.getTime() - 300_000);
    const hit = (await matchingEvents(db, cfg.filters ?? [], candidates, now))[0];
    if (!hit) continue;
    await db.query(
      `UPDATE journey_states SET phase = 'event', due_at = $2, wait_event = NULL, context = context || jsonb_build_object('waitEvent', $3::jsonb) WHERE id = $1`,
      [s.id, hit.received_at, JSON.stringify({ name: hit.event, messageId: hit.message_id, ts: hit.ts.toISOString(), properties: hit.properties ?? {} })],
    );
  }
}

/** A goal event ends the profile's journey as converted, wherever it is. */
async function convert(db: Queryable, journeyId: string, events: InboxRow[], now: Date) {
  const states = await activeStates(db, journeyId, events, "");
  for (const s of states) {
    const v = await loadVersion(db, journeyId, s.version);
    for (const goal of v.goals) {
      const cfg = goal.config as GoalConfig;
      const candidates = events.filter((e) => e.profile_id === s.profile_id && e.event === cfg.event);
      const hit = (await matchingEvents(db, cfg.filters ?? [], candidates, now))[0];
      if (!hit) continue;
      await endStates(db, "id = $1", [s.id], "converted", `Reached the goal: ${hit.event}`, now, goal.id);
      break;
    }
  }
}

/**
 * Called by ingestion inside its transaction: copies the batch's events that some journey listens
 * for into the inbox (nothing when no journey listens), so a journey never misses an acknowledged
 * event. With BUS=nats they go to the outbox instead, for the relay to put on the journeys stream.
 */
export async function routeEvents(db: Queryable, workspaceId: string, events: { profileId: number; event: string | null; messageId: string; ts: Date; receivedAt: Date; properties: unknown }[]): Promise<void> {
  const names = [...new Set(events.map((e) => e.event).filter((e): e is string => !!e))];
  if (names.length === 0) return;
  const { rows } = await db.query<{ event: string }>("SELECT DISTINCT event FROM journey_listeners WHERE workspace_id = $1 AND event = ANY($2::text[])", [workspaceId, names]);
  if (rows.length === 0) return;
  const wanted = new Set(rows.map((r) => r.event));
  const hits = events.filter((e) => e.event && wanted.has(e.event));
  if (busKind() === "nats") {
    const routed = hits.map((h): Routed => ({ workspaceId, profileId: h.profileId, event: h.event!, messageId: h.messageId, ts: h.ts.toISOString(), properties: h.properties ?? null, receivedAt: h.receivedAt.toISOString() }));
    return publish(db, routed.map((r) => ({ topic: TOPICS.journeyTrigger, key: `${workspaceId}:${r.profileId}`, payload: r })));
  }
  await db.query(
    `INSERT INTO journey_inbox (workspace_id, profile_id, event, message_id, ts, properties, received_at)
     SELECT $1, p, e, m, ts, pr, ra FROM jsonb_to_recordset($2::jsonb) AS x(p bigint, e text, m text, ts timestamptz, pr jsonb, ra timestamptz)`,
    [workspaceId, JSON.stringify(hits.map((h) => ({ p: h.profileId, e: h.event, m: h.messageId, ts: h.ts.toISOString(), pr: h.properties ?? null, ra: h.receivedAt.toISOString() })))],
  );
  await db.query(`NOTIFY ${JOURNEYS_CHANNEL}`);
}
