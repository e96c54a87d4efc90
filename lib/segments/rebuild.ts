import { notifyPublished, TOPICS } from "../bus";
import { pool } from "../db/pool";
import { compileDefinition, dueSql, membersSql } from "./compile";
import { lockWorkspace } from "./engine";
import { loadLiveSegments } from "./live";
import { clearSegmentTimers, setTimers } from "./timers";

/**
 * Full recompute of one segment from all history with the same compiled predicate the live path
 * uses, diffed against the stored membership: a new segment is backfilled, an edited one moves to
 * its new version, and every difference is logged and published like any live change.
 */
export async function rebuildSegment(opts: { segmentId: string; now?: Date; cause?: string }): Promise<{ members: number; entered: number; exited: number; ms: number } | null> {
  const started = Date.now();
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const head = await client.query<{ workspace_id: string }>("SELECT workspace_id FROM segments WHERE id = $1", [opts.segmentId]);
    const workspaceId = head.rows[0]?.workspace_id;
    if (!workspaceId) {
      await client.query("ROLLBACK");
      return null;
    }
    await lockWorkspace(client, workspaceId);
    const seg = (await loadLiveSegments(client, workspaceId)).find((s) => s.id === opts.segmentId);
    if (!seg) {
      await client.query("ROLLBACK");
      return null;
    }
    await client.query("SET LOCAL work_mem = '256MB'");
    await client.query("SET LOCAL statement_timeout = '10min'");
    const now = opts.now ?? new Date();
    const copts = { workspaceId, now };
    const compiled = compileDefinition(seg.definition, copts);
    await client.query("DROP TABLE IF EXISTS seg_rebuild");
    await client.query(`CREATE TEMP TABLE seg_rebuild ON COMMIT DROP AS ${membersSql(compiled, copts)}`, compiled.params.values);
    await client.query("CREATE INDEX ON seg_rebuild (id)");
    await client.query("ANALYZE seg_rebuild");
    const cause = opts.cause ?? "backfill";
    const detail = seg.builtVersion === null ? `built from history (version ${seg.version})` : `definition changed to version ${seg.version}`;
    const changed = await client.query<{ entered: boolean; n: string }>(
      `WITH ent AS (
         INSERT INTO segment_members (segment_id, profile_id, since)
         SELECT $1, n.id, $3 FROM seg_rebuild n WHERE NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = $1 AND m.profile_id = n.id)
         RETURNING profile_id),
       ex AS (
         DELETE FROM segment_members m WHERE m.segment_id = $1 AND NOT EXISTS (SELECT 1 FROM seg_rebuild n WHERE n.id = m.profile_id)
         RETURNING profile_id)
       INSERT INTO segment_changes (workspace_id, segment_id, version, profile_id, entered, at, cause, detail)
       SELECT $2, $1, $6::int, profile_id, true, $3, $4, $5 FROM ent
       UNION ALL SELECT $2, $1, $6::int, profile_id, false, $3, $4, $5 FROM ex
       RETURNING entered`,
      [seg.id, workspaceId, now, cause, detail, seg.version],
    );
    const entered = changed.rows.filter((r) => r.entered).length;
    const exited = changed.rowCount! - entered;
    // The change log is the membership topic's outbox (see lib/bus/postgres.ts).
    if (changed.rowCount) await notifyPublished(client, TOPICS.segmentMembership);
    await clearSegmentTimers(client, workspaceId, seg.id);
    const due = dueSql(compiled, copts);
    if (due) {
      const n = compiled.params.values.length;
      await setTimers(client, workspaceId, { params: [...compiled.params.values, seg.id], fresh: `SELECT $${n + 1}::text AS segment_id, d.profile_id, d.due_at FROM (${due}) d` });
    }
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM seg_rebuild");
    const members = Number(rows[0]!.n);
    await client.query("UPDATE segments SET built_version = $2, status = 'live', error = NULL, member_count = $3, last_evaluated_at = $4 WHERE id = $1", [seg.id, seg.version, members, now]);
    // Segments built on this one follow it.
    if (changed.rowCount) await client.query("UPDATE segments SET built_version = NULL WHERE workspace_id = $1 AND definition::text LIKE '%' || $2 || '%' AND id <> $2", [workspaceId, seg.id]);
    await client.query("COMMIT");
    return { members, entered, exited, ms: Date.now() - started };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    await pool().query("UPDATE segments SET status = 'error', error = $2, built_version = version WHERE id = $1", [opts.segmentId, (e as Error).message]).catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Rebuilds the next segment that is new or was edited since it was last built; false when none is. */
export async function rebuildNextSegment(opts: { now?: () => Date; workspaceId?: string } = {}): Promise<boolean> {
  const { rows } = await pool().query<{ id: string }>(
    "SELECT id FROM segments WHERE built_version IS DISTINCT FROM version AND status <> 'error' AND ($1::text IS NULL OR workspace_id = $1) ORDER BY updated_at LIMIT 1",
    [opts.workspaceId ?? null],
  );
  if (!rows[0]) return false;
  await rebuildSegment({ segmentId: rows[0].id, now: opts.now?.() });
  return true;
}
