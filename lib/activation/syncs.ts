import type { Breaker } from "./breaker";
import { randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { providerOrThrow } from "./store";
import { requestRun } from "./queue";
import { RECONCILE_MINUTES, type Mapping, type SaveSyncInput, type SyncMode, type SyncTrigger } from "./schema";

export type SyncSummary = {
  id: string;
  segmentId: string;
  segmentName: string;
  segmentMembers: number;
  destinationId: string;
  destinationName: string;
  destinationKind: string;
  mode: SyncMode;
  trigger: SyncTrigger;
  everyMinutes: number | null;
  mapping: Mapping;
  /** held: the circuit breaker stopped a run; `heldReason` says why. */
  status: "active" | "paused" | "held";
  heldReason: string | null;
  breaker: Breaker | null;
  inDestination: number;
  parked: number;
  nextRunAt: string | null;
  lastRun: { id: string; status: string; kind: string; finishedAt: string | null; startedAt: string | null } | null;
  createdAt: string;
};

type Row = {
  id: string; workspace_id: string; segment_id: string; segment_name: string; member_count: number; destination_id: string; destination_name: string; kind: string;
  mode: SyncMode; trigger: SyncTrigger; every_minutes: number | null; mapping: Mapping; status: "active" | "paused" | "held"; held_reason: string | null; breaker: Breaker | null; next_run_at: Date | null; created_at: Date;
  in_destination: string; parked: string; last_run: { id: string; status: string; kind: string; finished_at: string | null; started_at: string | null } | null;
};

const SELECT = `SELECT s.*, g.name AS segment_name, g.member_count, d.name AS destination_name, d.kind,
    (SELECT count(*) FROM sync_state st WHERE st.sync_id = s.id) AS in_destination,
    (SELECT count(*) FROM sync_failures f WHERE f.sync_id = s.id) AS parked,
    (SELECT to_jsonb(r) FROM (SELECT id::text, status, kind, finished_at, started_at FROM sync_runs WHERE sync_id = s.id ORDER BY id DESC LIMIT 1) r) AS last_run
  FROM syncs s JOIN segments g ON g.id = s.segment_id JOIN destinations d ON d.id = s.destination_id`;

function toSummary(r: Row): SyncSummary {
  return {
    id: r.id,
    segmentId: r.segment_id,
    segmentName: r.segment_name,
    segmentMembers: r.member_count,
    destinationId: r.destination_id,
    destinationName: r.destination_name,
    destinationKind: r.kind,
    mode: r.mode,
    trigger: r.trigger,
    everyMinutes: r.every_minutes,
    mapping: r.mapping,
    status: r.status,
    heldReason: r.held_reason,
    breaker: r.breaker,
    inDestination: Number(r.in_destination),
    parked: Number(r.parked),
    nextRunAt: r.next_run_at?.toISOString() ?? null,
    lastRun: r.last_run ? { id: r.last_run.id, status: r.last_run.status, kind: r.last_run.kind, finishedAt: r.last_run.finished_at, startedAt: r.last_run.started_at } : null,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listSyncs(opts: { workspaceId: string; destinationId?: string; segmentId?: string }): Promise<SyncSummary[]> {
  const { rows } = await pool().query<Row>(
    `${SELECT} WHERE s.workspace_id = $1 AND ($2::text IS NULL OR s.destination_id = $2) AND ($3::text IS NULL OR s.segment_id = $3) ORDER BY s.created_at DESC`,
    [opts.workspaceId, opts.destinationId ?? null, opts.segmentId ?? null],
  );
  return rows.map(toSummary);
}

export async function getSync(opts: { workspaceId: string; syncId: string }): Promise<SyncSummary> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE s.id = $1 AND s.workspace_id = $2`, [opts.syncId, opts.workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That sync does not exist in this workspace.");
  return toSummary(rows[0]);
}

async function checkRefs(workspaceId: string, input: SaveSyncInput): Promise<void> {
  const { rows } = await pool().query<{ segment: boolean; kind: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM segments WHERE id = $2 AND workspace_id = $1) AS segment, (SELECT kind FROM destinations WHERE id = $3 AND workspace_id = $1) AS kind`,
    [workspaceId, input.segmentId, input.destinationId],
  );
  if (!rows[0]!.segment) throw new AppError("invalid_input", "That segment does not exist in this workspace.");
  if (!rows[0]!.kind) throw new AppError("invalid_input", "That destination does not exist in this workspace.");
  const provider = providerOrThrow(rows[0]!.kind);
  if (provider.snapshot && input.trigger === "realtime") throw new AppError("invalid_input", `${provider.label} writes whole files: choose a schedule, not real time.`);
  if (provider.requiresAny.length && !input.mapping.some((m) => provider.requiresAny.includes(m.to))) {
    throw new AppError("invalid_input", `${provider.label} matches people on ${provider.requiresAny.join(" or ")}: map at least one of them.`);
  }
}

const nextRun = (input: SaveSyncInput) => `now() + make_interval(mins => ${input.trigger === "schedule" ? Number(input.everyMinutes) : RECONCILE_MINUTES})`;

export async function createSync(opts: { workspaceId: string; actor: Actor; input: SaveSyncInput }): Promise<SyncSummary> {
  await checkRefs(opts.workspaceId, opts.input);
  const id = randomUUID();
  const i = opts.input;
  await pool().query(
    `INSERT INTO syncs (id, workspace_id, segment_id, destination_id, mode, trigger, every_minutes, mapping, next_run_at, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,${nextRun(i)},$9)`,
    [id, opts.workspaceId, i.segmentId, i.destinationId, i.mode, i.trigger, i.trigger === "schedule" ? i.everyMinutes : null, JSON.stringify(i.mapping), opts.actor.label],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "sync.created", target: { type: "sync", id }, summary: { segmentId: i.segmentId, destinationId: i.destinationId, mode: i.mode, trigger: i.trigger } });
  // The first run sends the whole audience at once.
  await requestRun({ workspaceId: opts.workspaceId, syncId: id, kind: "full", requestedBy: opts.actor.label });
  return getSync({ workspaceId: opts.workspaceId, syncId: id });
}

export async function updateSync(opts: { workspaceId: string; actor: Actor; syncId: string; input: SaveSyncInput }): Promise<SyncSummary> {
  const before = await getSync(opts);
  if (before.destinationId !== opts.input.destinationId || before.segmentId !== opts.input.segmentId) {
    throw new AppError("invalid_input", "A sync's segment and destination cannot change: create a new sync (and delete this one) instead.");
  }
  await checkRefs(opts.workspaceId, opts.input);
  const i = opts.input;
  await pool().query(
    `UPDATE syncs SET mode = $3, trigger = $4, every_minutes = $5, mapping = $6, next_run_at = ${nextRun(i)}, updated_at = now() WHERE id = $1 AND workspace_id = $2`,
    [opts.syncId, opts.workspaceId, i.mode, i.trigger, i.trigger === "schedule" ? i.everyMinutes : null, JSON.stringify(i.mapping)],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "sync.updated", target: { type: "sync", id: opts.syncId }, summary: { mode: i.mode, trigger: i.trigger } });
  // A new mapping changes payloads: the next full run sends the differences.
  await requestRun({ workspaceId: opts.workspaceId, syncId: opts.syncId, kind: "full", requestedBy: opts.actor.label });
  return getSync(opts);
}

export async function setSyncStatus(opts: { workspaceId: string; actor: Actor; syncId: string; status: "active" | "paused" }): Promise<SyncSummary> {
  await getSync(opts);
  await pool().query("UPDATE syncs SET status = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.syncId, opts.workspaceId, opts.status]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: opts.status === "paused" ? "sync.paused" : "sync.resumed", target: { type: "sync", id: opts.syncId } });
  // Resuming catches up on everything that changed while paused.
  if (opts.status === "active") await requestRun({ workspaceId: opts.workspaceId, syncId: opts.syncId, kind: "full", requestedBy: opts.actor.label });
  return getSync(opts);
}

export async function deleteSync(opts: { workspaceId: string; actor: Actor; syncId: string }): Promise<void> {
  const s = await getSync(opts);
  await pool().query("DELETE FROM syncs WHERE id = $1 AND workspace_id = $2", [opts.syncId, opts.workspaceId]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "sync.deleted", target: { type: "sync", id: opts.syncId }, summary: { segment: s.segmentName, destination: s.destinationName } });
}
