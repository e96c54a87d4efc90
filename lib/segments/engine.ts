import type pg from "pg";
import { notifyPublished, TOPICS } from "../bus";
import { reusable } from "../db/prepared";
import { compileLive } from "./compile-live";
import type { LiveSegment } from "./live";
import { replaceTimers } from "./timers";

export type Cause = { cause: "event" | "time" | "merge" | "segment" | "backfill"; detail?: string | null };

/**
 * One live pass over a workspace: each segment that new data (or the clock) touched is evaluated
 * for the profiles that touched it (and, level by level, for those that changed in a segment it is
 * built on), all of a dependency level in one statement that reads each event's rows of those
 * profiles once (`compileLive`), with the same answers as a full recompute. What changed is
 * written set-wise: members in and out, the change log with its cause (which the bus delivers),
 * member counts, and the next moment the clock alone could change each answer.
 */
export async function evaluatePass(
  client: pg.PoolClient,
  segments: LiveSegment[],
  touched: Map<string, Set<number>>,
  now: Date,
  causeOf: (profileId: number, segmentId: string) => Cause,
  opts: PassOptions = {},
): Promise<number> {
  const candidates = [...new Set([...touched.values()].flatMap((s) => [...s]))];
  if (candidates.length === 0 || segments.length === 0) return 0;
  // The pass's big statements are prepared once per connection and planned once (see `reusable`).
  await client.query("SET LOCAL plan_cache_mode = force_generic_plan");
  // Each segment is evaluated once a pass, so memberships read before the first level stay right for every level.
  const was = opts.members ?? (await membershipsOf(client, candidates));

  // Profiles whose membership in a segment changed this pass: the segments built on it re-check them.
  const changedIn = new Map<string, Map<number, string>>();
  // Member count changes per evaluated segment, written once at the end.
  const counts = new Map<string, number>();
  let changes = 0;
  // Every segment of a level is in its statement, those without work with no candidates: the
  // statement's text then stays the same from pass to pass, and its plan is reused.
  for (const level of levels(segments)) {
    const work = level.map((seg) => {
      const ids = new Set(touched.get(seg.id) ?? []);
      for (const d of seg.deps.segments) for (const id of changedIn.get(d)?.keys() ?? []) ids.add(id);
      return { seg, ids: [...ids] };
    });
    if (work.every((w) => w.ids.length === 0)) continue;
    const cause = (seg: LiveSegment, id: number): Cause => {
      if (touched.get(seg.id)?.has(id)) return causeOf(id, seg.id);
      const via = seg.deps.segments.map((d) => changedIn.get(d)?.get(id)).find(Boolean);
      return { cause: "segment", detail: `${via ?? "another segment"} changed` };
    };
    const result = await evaluateLevel(client, work, now, cause, counts, was, opts.upsert ?? false);
    changes += result.changes;
    for (const [segId, ids] of result.changed) changedIn.set(segId, new Map(ids.map((id) => [id, level.find((s) => s.id === segId)!.name])));
  }
  if (changes > 0) await notifyPublished(client, TOPICS.segmentMembership);
  if (counts.size > 0) {
    // Lanes running side by side update the same segments' counts: rows locked in one order, once.
    const ids = [...counts.keys()].sort();
    await client.query("SELECT 1 FROM segments WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE", [ids]);
    await client.query("UPDATE segments s SET member_count = s.member_count + d.delta, last_evaluated_at = $3 FROM unnest($1::text[], $2::int[]) AS d(id, delta) WHERE s.id = d.id", [ids, ids.map((id) => counts.get(id)!), now]);
  }
  return changes;
}

async function evaluateLevel(
  client: pg.PoolClient,
  work: { seg: LiveSegment; ids: number[] }[],
  now: Date,
  causeOf: (seg: LiveSegment, id: number) => Cause,
  counts: Map<string, number>,
  wasMember: Memberships,
  upsert: boolean,
): Promise<{ changes: number; changed: Map<string, number[]> }> {
  const workspaceId = work[0]!.seg.workspaceId;
  const live = compileLive(work.map((w) => w.seg.definition), { workspaceId, now, candidates: work.map((w) => w.ids) });
  const { rows } = await client.query<Record<string, unknown> & { id: string }>(reusable(client, live.sql, live.params));
  const byId = new Map(rows.map((r) => [Number(r.id), r]));

  type Change = { seg: LiveSegment; id: number; entered: boolean; cause: Cause };
  const list: Change[] = [];
  work.forEach(({ seg, ids }, i) => {
    const was = wasMember.get(seg.id) ?? new Set<number>();
    for (const id of ids) {
      const member = byId.get(id)?.[`m${i}`] === true;
      if (member !== was.has(id)) list.push({ seg, id, entered: member, cause: causeOf(seg, id) });
    }
  });
  const entered = list.filter((c) => c.entered);
  const exited = list.filter((c) => !c.entered);
  // A plain insert (ON CONFLICT costs as much again): see `PassOptions.upsert`.
  if (entered.length)
    await client.query(`INSERT INTO segment_members (segment_id, profile_id, since) SELECT unnest($1::text[]), unnest($2::bigint[]), $3${upsert ? " ON CONFLICT DO NOTHING" : ""}`, [
      entered.map((c) => c.seg.id),
      entered.map((c) => c.id),
      now,
    ]);
  if (exited.length)
    await client.query("DELETE FROM segment_members m USING unnest($1::text[], $2::bigint[]) AS x(s, p) WHERE m.segment_id = x.s AND m.profile_id = x.p", [exited.map((c) => c.seg.id), exited.map((c) => c.id)]);
  // The change log is the membership topic's outbox: consumers read these rows (lib/bus/postgres.ts).
  if (list.length)
    await client.query(
      `INSERT INTO segment_changes (workspace_id, segment_id, version, profile_id, entered, at, cause, detail)
       SELECT $1, unnest($2::text[]), unnest($3::int[]), unnest($4::bigint[]), unnest($5::boolean[]), $6, unnest($7::text[]), unnest($8::text[])`,
      [workspaceId, list.map((c) => c.seg.id), list.map((c) => c.seg.version), list.map((c) => c.id), list.map((c) => c.entered), now, list.map((c) => c.cause.cause), list.map((c) => c.cause.detail ?? null)],
    );
  // Every segment evaluated gets a count change (maybe 0): the update also stamps when it was last evaluated.
  for (const w of work) if (w.ids.length > 0) counts.set(w.seg.id, counts.get(w.seg.id) ?? 0);
  for (const c of list) counts.set(c.seg.id, counts.get(c.seg.id)! + (c.entered ? 1 : -1));

  // Timers: every evaluated (segment, candidate) pair of a timed segment gets its next due moment, or none.
  const timers = new Map<number, { segments: string[]; dues: Map<string, number> }>();
  work.forEach(({ seg, ids }, i) => {
    if (!seg.deps.timed) return;
    for (const id of ids) {
      let t = timers.get(id);
      if (!t) timers.set(id, (t = { segments: [], dues: new Map() }));
      t.segments.push(seg.id);
      const ms = byId.get(id)?.[`d${i}`];
      if (ms !== null && ms !== undefined) t.dues.set(seg.id, Number(ms));
    }
  });
  await replaceTimers(client, workspaceId, timers);
  const changed = new Map<string, number[]>();
  for (const c of list) {
    const ids = changed.get(c.seg.id);
    if (ids) ids.push(c.id);
    else changed.set(c.seg.id, [c.id]);
  }
  return { changes: list.length, changed };
}

export type PassOptions = {
  /** The candidates' memberships, when the caller read them already (under the same lock). */
  members?: Memberships;
  /**
   * Entered members are inserted with ON CONFLICT DO NOTHING. Not needed while the memberships
   * were read under the lane's lock (nobody else writes these profiles' rows meanwhile): it is the
   * retry's safety net, should a pass ever find a member it did not know of (`retryingConflicts`).
   */
  upsert?: boolean;
};

/** Segment id → the profiles (of those asked about) that are members now. */
export type Memberships = Map<string, Set<number>>;

/** Every membership of these profiles, in one read of the profile index (a pass asks once, not per pair). */
export async function membershipsOf(client: pg.PoolClient, profileIds: number[]): Promise<Memberships> {
  const out: Memberships = new Map();
  if (profileIds.length === 0) return out;
  const { rows } = await client.query<{ segment_id: string; profile_id: string }>("SELECT segment_id, profile_id FROM segment_members WHERE profile_id = ANY($1::bigint[])", [profileIds]);
  for (const r of rows) {
    let set = out.get(r.segment_id);
    if (!set) out.set(r.segment_id, (set = new Set()));
    set.add(Number(r.profile_id));
  }
  return out;
}

/**
 * Most segments evaluated in one statement: two output columns each, and PostgreSQL returns at most
 * 1,664 columns. A bigger dependency level is evaluated in several statements, one after another.
 */
export const SEGMENTS_PER_STATEMENT = 200;

/** Segments in dependency levels (each only reads segments of earlier ones), at most SEGMENTS_PER_STATEMENT each. */
export function levels<T extends { id: string; deps: { segments: string[] } }>(segments: T[]): T[][] {
  const ids = new Set(segments.map((s) => s.id));
  const depth = new Map<string, number>();
  for (const s of segments) depth.set(s.id, Math.max(0, ...s.deps.segments.filter((d) => ids.has(d)).map((d) => (depth.get(d) ?? 0) + 1)));
  const out: T[][] = [];
  for (const s of segments) (out[depth.get(s.id)!] ??= []).push(s);
  return out.filter(Boolean).flatMap((level) => Array.from({ length: Math.ceil(level.length / SEGMENTS_PER_STATEMENT) }, (_, i) => level.slice(i * SEGMENTS_PER_STATEMENT, (i + 1) * SEGMENTS_PER_STATEMENT)));
}

/** Serialises segment work per workspace: live updates, timers and rebuilds never interleave. */
export async function lockWorkspace(client: pg.PoolClient, workspaceId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('segments'), hashtext($1))", [workspaceId]);
}

/**
 * A lane of live work: the profiles whose id modulo `count` is `index`. Lanes of one workspace run
 * side by side (they share the workspace lock, which a rebuild takes alone); each lane runs in one
 * transaction at a time, whichever process holds it, so a profile is never evaluated twice at once.
 */
export type Lane = { index: number; count: number };

export async function lockLane(client: pg.PoolClient, workspaceId: string, lane: Lane | undefined): Promise<void> {
  if (!lane || lane.count <= 1) return lockWorkspace(client, workspaceId);
  await client.query("SELECT pg_advisory_xact_lock_shared(hashtext('segments'), hashtext($1))", [workspaceId]);
  await client.query("SELECT pg_advisory_xact_lock(hashtext('segments:lane'), hashtext($1 || ':' || $2::int))", [workspaceId, lane.index]);
}
