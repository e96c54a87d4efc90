import type pg from "pg";
import { pool, withTransaction } from "../db/pool";
import { hourOf, hourSql, nextUnbuilt } from "./rollups";

/**
 * Who did each named event in each UTC hour, and when first (`event_people`): unique people over a
 * range and the people at a funnel's first step, from a row per person and hour instead of every
 * event. Rows are only ever appended, so one person-hour can have a few: readers take the least
 * first_ts or count distinct people, which repeats do not change. Whatever moves or removes events
 * (a merge, an unmerge, an erasure, retention) does the same here.
 */
type Client = Pick<pg.PoolClient, "query">;
type Message = { event?: string | null; ts: Date };

/** Ingestion, in the transaction that stores the events: one row per (event, hour, person) of the batch. */
export async function appendEventPeople(client: Client, workspaceId: string, messages: Message[], profileIds: (number | string)[]): Promise<void> {
  const rows = new Map<string, { e: string; h: string; p: string; t: number }>();
  messages.forEach((m, i) => {
    if (!m.event) return;
    const t = m.ts.getTime();
    const h = hourOf(m.ts);
    const p = String(profileIds[i]);
    const k = `${m.event}\u0000${h}\u0000${p}`;
    const r = rows.get(k);
    if (!r) rows.set(k, { e: m.event, h, p, t });
    else if (t < r.t) r.t = t;
  });
  if (!rows.size) return;
  const all = [...rows.values()];
  await client.query(
    "INSERT INTO event_people (workspace_id, event, hour, profile_id, first_ts) SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::bigint[], $5::timestamptz[])",
    [workspaceId, all.map((r) => r.e), all.map((r) => r.h), all.map((r) => r.p), all.map((r) => new Date(r.t).toISOString())],
  );
}

/** The rows of `from` become `into`'s (a merge moved its events). */
export async function moveEventPeople(client: Client, workspaceId: string, from: number | string, into: number | string): Promise<void> {
  await client.query("UPDATE event_people SET profile_id = $3 WHERE workspace_id = $1 AND profile_id = $2", [workspaceId, from, into]);
}

/** Counts these people's rows again from their events (after an unmerge split them). */
export async function recountEventPeople(client: Client, workspaceId: string, profileIds: (number | string)[]): Promise<void> {
  await client.query("DELETE FROM event_people WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[])", [workspaceId, profileIds]);
  await client.query(
    `INSERT INTO event_people (workspace_id, event, hour, profile_id, first_ts)
     SELECT $1, event, ${hourSql("ts")}, profile_id, min(ts) FROM events
      WHERE workspace_id = $1 AND profile_id = ANY($2::bigint[]) AND event IS NOT NULL GROUP BY 2, 3, 4`,
    [workspaceId, profileIds],
  );
}

/** Counts the hours before `before` again from the events left (retention removed some). */
export async function recountEventPeopleBefore(workspaceId: string, before: Date): Promise<void> {
  await withTransaction(async (c) => {
    await c.query("DELETE FROM event_people WHERE workspace_id = $1 AND hour < $2", [workspaceId, before]);
    await c.query(
      `INSERT INTO event_people (workspace_id, event, hour, profile_id, first_ts)
       SELECT $1, event, ${hourSql("ts")}, profile_id, min(ts) FROM events
        WHERE workspace_id = $1 AND ts < $2 AND event IS NOT NULL AND profile_id IS NOT NULL GROUP BY 2, 3, 4`,
      [workspaceId, before],
    );
  });
}

/**
 * Counts the history of one workspace that has none yet (new installs, bulk loads); false when
 * none is left. Rows ingestion appended meanwhile may repeat some of it, which is harmless.
 */
export async function buildNextEventPeople(opts: { workspaceId?: string } = {}): Promise<boolean> {
  const ws = await nextUnbuilt("event_people_state", opts.workspaceId);
  if (!ws) return false;
  await withTransaction(async (c) => {
    const got = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('event_people'), hashtext($1)) AS ok", [ws]);
    if (!got.rows[0]!.ok) return;
    await c.query("DELETE FROM event_people WHERE workspace_id = $1", [ws]);
    await c.query(
      `INSERT INTO event_people (workspace_id, event, hour, profile_id, first_ts)
       SELECT $1, event, ${hourSql("ts")}, profile_id, min(ts) FROM events WHERE workspace_id = $1 AND event IS NOT NULL AND profile_id IS NOT NULL GROUP BY 2, 3, 4`,
      [ws],
    );
    await c.query("INSERT INTO event_people_state (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO UPDATE SET built_at = now()", [ws]);
  });
  return true;
}

export async function eventPeopleReady(workspaceId: string): Promise<boolean> {
  const { rows } = await pool().query("SELECT 1 FROM event_people_state WHERE workspace_id = $1", [workspaceId]);
  return rows.length > 0;
}
