import { randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../audit";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";
import { dependenciesOf, referencedSegments } from "./compile";
import { lockWorkspace } from "./engine";
import { CycleError, orderByDependencies } from "./live";
import { SEGMENTS_CHANNEL } from "./queue";
import type { SaveSegmentInput, SegmentDefinition } from "./schema";

export type SegmentSummary = {
  id: string;
  name: string;
  description: string;
  version: number;
  status: "building" | "live" | "error";
  error: string | null;
  memberCount: number;
  entered24h: number;
  exited24h: number;
  lastEvaluatedAt: string | null;
  updatedAt: string;
};
export type SegmentDetail = SegmentSummary & { definition: SegmentDefinition; builtVersion: number | null; createdAt: string };

type Row = {
  id: string; name: string; description: string; version: number; built_version: number | null; status: string; error: string | null;
  member_count: number; last_evaluated_at: Date | null; updated_at: Date; created_at: Date; definition: SegmentDefinition; entered: string; exited: string;
};

// Entered and exited in the last 24 hours (live changes, not builds), from one read of the change log.
const SELECT = `SELECT s.*, x.entered, x.exited FROM segments s CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE c.entered) AS entered, count(*) FILTER (WHERE NOT c.entered) AS exited
    FROM segment_changes c WHERE c.segment_id = s.id AND c.at > now() - interval '24 hours' AND c.cause <> 'backfill') x`;

function toDetail(r: Row): SegmentDetail {
  const building = r.built_version === null || (r.built_version !== r.version && r.status !== "error");
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    version: r.version,
    builtVersion: r.built_version,
    status: r.status === "error" ? "error" : building ? "building" : "live",
    error: r.error,
    memberCount: r.member_count,
    entered24h: Number(r.entered),
    exited24h: Number(r.exited),
    lastEvaluatedAt: r.last_evaluated_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    definition: r.definition,
  };
}

export async function listSegments(opts: { workspaceId: string }): Promise<SegmentSummary[]> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE s.workspace_id = $1 ORDER BY lower(s.name)`, [opts.workspaceId]);
  return rows.map((r) => {
    const d = toDetail(r);
    return { id: d.id, name: d.name, description: d.description, version: d.version, status: d.status, error: d.error, memberCount: d.memberCount, entered24h: d.entered24h, exited24h: d.exited24h, lastEvaluatedAt: d.lastEvaluatedAt, updatedAt: d.updatedAt };
  });
}

export async function getSegmentOrThrow(opts: { workspaceId: string; segmentId: string }): Promise<SegmentDetail> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE s.workspace_id = $1 AND s.id = $2`, [opts.workspaceId, opts.segmentId]);
  if (!rows[0]) throw new AppError("not_found", "That segment does not exist in this workspace.");
  return toDetail(rows[0]);
}

/** Other segments a definition refers to must exist in the same workspace and form no loop. */
async function checkReferences(workspaceId: string, segmentId: string, definition: SegmentDefinition): Promise<void> {
  const refs = referencedSegments(definition);
  if (refs.length === 0) return;
  const { rows } = await pool().query<{ id: string; name: string; definition: SegmentDefinition }>("SELECT id, name, definition FROM segments WHERE workspace_id = $1", [workspaceId]);
  const known = new Set(rows.map((r) => r.id));
  const missing = refs.filter((r) => !known.has(r));
  if (missing.length) throw new AppError("invalid_input", "A condition refers to a segment that does not exist in this workspace: choose another segment.", { fields: { definition: "Unknown segment" } });
  const all = rows.filter((r) => r.id !== segmentId).map((r) => ({ id: r.id, name: r.name, deps: dependenciesOf(r.definition) }));
  all.push({ id: segmentId, name: rows.find((r) => r.id === segmentId)?.name ?? "this segment", deps: dependenciesOf(definition) });
  try {
    orderByDependencies(all);
  } catch (e) {
    if (e instanceof CycleError) throw new AppError("invalid_input", `${e.message}. A segment cannot include itself.`);
    throw e;
  }
}

export async function createSegment(opts: { workspaceId: string; actor: Actor } & SaveSegmentInput): Promise<SegmentDetail> {
  const id = randomUUID();
  await checkReferences(opts.workspaceId, id, opts.definition);
  await withTransaction(async (client) => {
    await client.query("INSERT INTO segments (id, workspace_id, name, description, definition, created_by) VALUES ($1, $2, $3, $4, $5, $6)", [
      id, opts.workspaceId, opts.name, opts.description, JSON.stringify(opts.definition), opts.actor.label,
    ]);
    await client.query("INSERT INTO segment_versions (segment_id, version, name, definition, created_by) VALUES ($1, 1, $2, $3, $4)", [id, opts.name, JSON.stringify(opts.definition), opts.actor.label]);
    await client.query(`NOTIFY ${SEGMENTS_CHANNEL}`);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "segment.created", target: { type: "segment", id }, summary: { name: opts.name } });
  return getSegmentOrThrow({ workspaceId: opts.workspaceId, segmentId: id });
}

/** Saves an edit. A changed definition becomes a new version, rebuilt from history by the worker. */
export async function updateSegment(opts: { workspaceId: string; actor: Actor; segmentId: string } & SaveSegmentInput): Promise<SegmentDetail> {
  const current = await getSegmentOrThrow(opts);
  await checkReferences(opts.workspaceId, opts.segmentId, opts.definition);
  const changed = JSON.stringify(current.definition) !== JSON.stringify(opts.definition);
  await withTransaction(async (client) => {
    if (changed) {
      const { rows } = await client.query<{ version: number }>(
        "UPDATE segments SET name = $3, description = $4, definition = $5, version = version + 1, status = 'building', error = NULL, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING version",
        [opts.workspaceId, opts.segmentId, opts.name, opts.description, JSON.stringify(opts.definition)],
      );
      await client.query("INSERT INTO segment_versions (segment_id, version, name, definition, created_by) VALUES ($1, $2, $3, $4, $5)", [
        opts.segmentId, rows[0]!.version, opts.name, JSON.stringify(opts.definition), opts.actor.label,
      ]);
      await client.query(`NOTIFY ${SEGMENTS_CHANNEL}`);
    } else {
      await client.query("UPDATE segments SET name = $3, description = $4, updated_at = now() WHERE workspace_id = $1 AND id = $2", [opts.workspaceId, opts.segmentId, opts.name, opts.description]);
    }
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "segment.updated", target: { type: "segment", id: opts.segmentId }, summary: { name: opts.name, definitionChanged: changed } });
  return getSegmentOrThrow(opts);
}

export async function deleteSegment(opts: { workspaceId: string; actor: Actor; segmentId: string }): Promise<void> {
  const current = await getSegmentOrThrow(opts);
  const { rows } = await pool().query<{ name: string }>("SELECT name FROM segments WHERE workspace_id = $1 AND id <> $2 AND definition::text LIKE '%' || $2 || '%'", [opts.workspaceId, opts.segmentId]);
  if (rows.length) throw new AppError("conflict", `Other segments are built on this one (${rows.map((r) => r.name).join(", ")}): change them first.`);
  await withTransaction(async (client) => {
    // Alone in the workspace's segment work (live passes and rebuilds hold the same lock): none is
    // writing members of this segment while it and its members go.
    await client.query("SET LOCAL lock_timeout = '15s'");
    await lockWorkspace(client, opts.workspaceId).catch((e: { code?: string }) => {
      if (e.code === "55P03") throw new AppError("conflict", "Segments of this workspace are being rebuilt right now: try deleting again in a minute.");
      throw e;
    });
    await client.query("DELETE FROM segments WHERE workspace_id = $1 AND id = $2", [opts.workspaceId, opts.segmentId]);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "segment.deleted", target: { type: "segment", id: opts.segmentId }, summary: { name: current.name } });
}

export async function listVersions(opts: { workspaceId: string; segmentId: string }) {
  await getSegmentOrThrow(opts);
  const { rows } = await pool().query<{ version: number; name: string; created_at: Date; created_by: string | null }>(
    "SELECT version, name, created_at, created_by FROM segment_versions WHERE segment_id = $1 ORDER BY version DESC",
    [opts.segmentId],
  );
  return rows.map((r) => ({ version: r.version, name: r.name, createdAt: r.created_at.toISOString(), createdBy: r.created_by }));
}
