import type pg from "pg";
import { publish, TOPICS, type BusMessage } from "../bus";
import { compileDefinition, dueSql, membersSql } from "./compile";
import { loadLiveSegments, type LiveSegment } from "./live";

/**
 * Applies the compiled predicate to a set of candidate profiles of one segment and records what
 * changed: members in and out, the change log with its cause, the bus message, the next moment the
 * clock alone could change each candidate's answer. Runs inside the caller's transaction.
 */
export type Cause = { cause: "event" | "time" | "merge" | "segment" | "backfill"; detail?: string | null };

export async function evaluateCandidates(
  client: pg.PoolClient,
  seg: LiveSegment,
  ids: number[],
  now: Date,
  causeOf: (profileId: number) => Cause,
): Promise<{ entered: number[]; exited: number[] }> {
  const opts = { workspaceId: seg.workspaceId, now, candidates: ids };
  const compiled = compileDefinition(seg.definition, opts);
  const members = await client.query<{ id: string }>(membersSql(compiled, opts), compiled.params.values);
  const isMember = new Set(members.rows.map((r) => Number(r.id)));
  const current = await client.query<{ profile_id: string }>("SELECT profile_id FROM segment_members WHERE segment_id = $1 AND profile_id = ANY($2::bigint[])", [seg.id, ids]);
  const wasMember = new Set(current.rows.map((r) => Number(r.profile_id)));
  const entered = [...isMember].filter((id) => !wasMember.has(id));
  const exited = [...wasMember].filter((id) => !isMember.has(id));

  if (entered.length) await client.query("INSERT INTO segment_members (segment_id, profile_id, since) SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING", [seg.id, entered, now]);
  if (exited.length) await client.query("DELETE FROM segment_members WHERE segment_id = $1 AND profile_id = ANY($2::bigint[])", [seg.id, exited]);
  const changes = [...entered.map((id) => ({ id, entered: true })), ...exited.map((id) => ({ id, entered: false }))];
  if (changes.length) {
    const causes = changes.map((c) => causeOf(c.id));
    await client.query(
      `INSERT INTO segment_changes (workspace_id, segment_id, profile_id, entered, at, cause, detail)
       SELECT $1, $2, unnest($3::bigint[]), unnest($4::boolean[]), $5, unnest($6::text[]), unnest($7::text[])`,
      [seg.workspaceId, seg.id, changes.map((c) => c.id), changes.map((c) => c.entered), now, causes.map((c) => c.cause), causes.map((c) => c.detail ?? null)],
    );
    const messages: BusMessage[] = changes.map((c, i) => ({
      topic: TOPICS.segmentMembership,
      key: `${seg.workspaceId}:${c.id}`,
      payload: { workspaceId: seg.workspaceId, segmentId: seg.id, version: seg.version, profileId: String(c.id), entered: c.entered, at: now.toISOString(), cause: causes[i]!.cause, detail: causes[i]!.detail ?? null },
    }));
    await publish(client, messages);
  }
  await client.query("UPDATE segments SET member_count = member_count + $2, last_evaluated_at = $3 WHERE id = $1", [seg.id, entered.length - exited.length, now]);

  if (seg.deps.timed) {
    await client.query("DELETE FROM segment_due WHERE segment_id = $1 AND profile_id = ANY($2::bigint[])", [seg.id, ids]);
    const due = dueSql(compiled, opts);
    if (due) {
      await client.query(
        `INSERT INTO segment_due (segment_id, profile_id, workspace_id, due_at) SELECT $${compiled.params.values.length + 1}, d.profile_id, $${compiled.params.values.length + 2}, d.due_at FROM (${due}) d
         ON CONFLICT (segment_id, profile_id) DO UPDATE SET due_at = excluded.due_at`,
        [...compiled.params.values, seg.id, seg.workspaceId],
      );
    }
  }
  return { entered, exited };
}

/**
 * Evaluates candidates segment by segment in dependency order: when a profile enters or leaves a
 * segment, the segments built on it are evaluated for that profile in the same pass.
 */
export async function evaluateInOrder(
  client: pg.PoolClient,
  segments: LiveSegment[],
  work: Map<string, Set<number>>,
  now: Date,
  causeOf: (profileId: number, segmentId: string) => Cause,
): Promise<number> {
  let changes = 0;
  // Profiles a segment re-checks because another segment it is built on changed for them.
  const viaSegment = new Map<string, Map<number, string>>();
  for (const seg of segments) {
    const ids = work.get(seg.id);
    if (!ids?.size) continue;
    const via = viaSegment.get(seg.id);
    const cause = (id: number): Cause => (via?.has(id) ? { cause: "segment", detail: via.get(id) } : causeOf(id, seg.id));
    const { entered, exited } = await evaluateCandidates(client, seg, [...ids], now, cause);
    changes += entered.length + exited.length;
    if (entered.length + exited.length === 0) continue;
    for (const dependent of segments.filter((s) => s.deps.segments.includes(seg.id))) {
      const set = work.get(dependent.id) ?? new Set<number>();
      const reasons = viaSegment.get(dependent.id) ?? new Map<number, string>();
      for (const id of [...entered, ...exited]) {
        if (!set.has(id)) reasons.set(id, `${seg.name} changed`);
        set.add(id);
      }
      work.set(dependent.id, set);
      viaSegment.set(dependent.id, reasons);
    }
  }
  return changes;
}

/** Serialises segment work per workspace: live updates, timers and rebuilds never interleave. */
export async function lockWorkspace(client: pg.PoolClient, workspaceId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('segments'), hashtext($1))", [workspaceId]);
}

export { loadLiveSegments };
