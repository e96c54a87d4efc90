import { maskPersonal, type PiiPolicy } from "../privacy/mask";
import { csvCell } from "../csv";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { diffChunk, eligible, type DiffTarget } from "./diff";
import type { PreviewSyncInput } from "./schema";
import { destinationContext } from "./store";
import { getSync } from "./syncs";

export type SyncRun = {
  id: string;
  kind: string;
  status: string;
  requestedBy: string;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  total: number | null;
  processed: number;
  added: number;
  updated: number;
  removed: number;
  failed: number;
  skippedConsent: number;
  skippedIdentifier: number;
  error: string | null;
  detail: Record<string, unknown> | null;
};

type RunRow = {
  id: string; kind: string; status: string; requested_by: string; queued_at: Date; started_at: Date | null; finished_at: Date | null; total: number | null; processed: number;
  added: number; updated: number; removed: number; failed: number; skipped_consent: number; skipped_identifier: number; error: string | null; detail: Record<string, unknown> | null;
};

const toRun = (r: RunRow): SyncRun => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  requestedBy: r.requested_by,
  queuedAt: r.queued_at.toISOString(),
  startedAt: r.started_at?.toISOString() ?? null,
  finishedAt: r.finished_at?.toISOString() ?? null,
  durationMs: r.started_at ? (r.finished_at ?? new Date()).getTime() - r.started_at.getTime() : null,
  total: r.total,
  processed: r.processed,
  added: r.added,
  updated: r.updated,
  removed: r.removed,
  failed: r.failed,
  skippedConsent: r.skipped_consent,
  skippedIdentifier: r.skipped_identifier,
  error: r.error,
  detail: r.detail,
});

/** The latest runs of a sync, newest first. Real-time runs that sent nothing are left out. */
export async function listRuns(opts: { workspaceId: string; syncId: string; limit?: number }): Promise<SyncRun[]> {
  const { rows } = await pool().query<RunRow>(
    `SELECT id::text, kind, status, requested_by, queued_at, started_at, finished_at, total, processed, added, updated, removed, failed, skipped_consent, skipped_identifier, error, detail
       FROM sync_runs WHERE sync_id = $1 AND workspace_id = $2
        AND NOT (kind = 'realtime' AND status = 'succeeded' AND added + updated + removed + failed = 0)
      ORDER BY id DESC LIMIT $3`,
    [opts.syncId, opts.workspaceId, opts.limit ?? 50],
  );
  return rows.map(toRun);
}

export type ParkedRecord = { profileId: string; label: string; op: string; reason: string; attempts: number; failedAt: string };

export async function listFailures(opts: { workspaceId: string; syncId: string; limit?: number }): Promise<ParkedRecord[]> {
  await getSync(opts);
  const { rows } = await pool().query<{ profile_id: string; email: string | null; op: string; reason: string; attempts: number; failed_at: Date }>(
    `SELECT f.profile_id::text, p.traits ->> 'email' AS email, f.op, f.reason, f.attempts, f.failed_at
       FROM sync_failures f LEFT JOIN profiles p ON p.id = f.profile_id AND p.workspace_id = $2
      WHERE f.sync_id = $1 ORDER BY f.failed_at DESC LIMIT $3`,
    [opts.syncId, opts.workspaceId, opts.limit ?? 100],
  );
  return rows.map((r) => ({ profileId: r.profile_id, label: r.email ?? `Profile ${r.profile_id}`, op: r.op, reason: r.reason, attempts: r.attempts, failedAt: r.failed_at.toISOString() }));
}

async function targetFor(workspaceId: string, input: PreviewSyncInput) {
  const seg = await pool().query<{ name: string; member_count: number }>("SELECT name, member_count FROM segments WHERE id = $1 AND workspace_id = $2", [input.segmentId, workspaceId]);
  if (!seg.rows[0]) throw new AppError("invalid_input", "That segment does not exist in this workspace.");
  const d = await destinationContext({ workspaceId, destinationId: input.destinationId, segment: { id: input.segmentId, name: seg.rows[0].name }, syncId: "preview", fields: input.mapping.map((m) => m.to), signal: AbortSignal.timeout(30_000) });
  const target: DiffTarget = { syncId: "preview", workspaceId, segmentId: input.segmentId, mode: "mirror", mapping: input.mapping, purpose: d.purpose, requiresAny: d.provider.requiresAny };
  return { d, target, segment: seg.rows[0] };
}

export type SyncPreview = {
  members: number;
  /** Sendable members first, then a few that are not, with why: no consent, or no identifier. */
  sample: { profileId: string; fields: Record<string, unknown>; sendable: boolean; why: "consent" | "identifier" | null }[];
  /** Of the first members looked at: how many can be sent, and why the others cannot. */
  looked: number;
  sendable: number;
  noConsent: number;
  noIdentifier: number;
  purpose: string | null;
  identifiers: string[];
};

/** The mapping applied to the first members, with how many of them the destination can receive. */
export async function previewSync(opts: { workspaceId: string; input: PreviewSyncInput }): Promise<SyncPreview> {
  const { target, segment, d } = await targetFor(opts.workspaceId, opts.input);
  const chunk = await diffChunk(pool(), target, { kind: "all", after: null, limit: 1000 }, true);
  const members = chunk.rows.filter((r) => r.member && r.live);
  const why = (r: (typeof members)[number]) => (!r.consented ? ("consent" as const) : !r.identified ? ("identifier" as const) : null);
  const sample = [...members.filter(eligible).slice(0, 5), ...members.filter((r) => !eligible(r)).slice(0, 3)];
  return {
    members: segment.member_count,
    sample: sample.map((r) => ({ profileId: r.profileId, fields: r.payload ?? {}, sendable: eligible(r), why: why(r) })),
    looked: members.length,
    sendable: members.filter(eligible).length,
    noConsent: members.filter((r) => !r.consented).length,
    noIdentifier: members.filter((r) => r.consented && !r.identified).length,
    purpose: d.purpose,
    identifiers: target.requiresAny,
  };
}

/** Sends one member (the first sendable one, or the chosen profile) as an addition, without recording it. */
export async function sendTestRecord(opts: { workspaceId: string; input: PreviewSyncInput }): Promise<{ ok: boolean; message: string; record: Record<string, unknown> | null }> {
  const { target, d } = await targetFor(opts.workspaceId, opts.input);
  const chunk = opts.input.profileId
    ? await diffChunk(pool(), { ...target, segmentId: opts.input.segmentId }, { kind: "ids", ids: [opts.input.profileId] }, true)
    : await diffChunk(pool(), target, { kind: "all", after: null, limit: 1000 }, true);
  const row = chunk.rows.find((r) => r.live && r.consented && r.identified && (opts.input.profileId ? true : r.member));
  if (!row) return { ok: false, message: "No member can be sent yet: none has the consent and identifiers this destination needs.", record: null };
  if (!d.provider.send) return { ok: false, message: `${d.provider.label} writes whole files on each run; use "Run now" to write one.`, record: row.payload };
  try {
    const [result] = await d.provider.send(d.ctx, [{ op: "add", profileId: row.profileId, key: `test:${row.profileId}:${row.hash}`, fields: row.payload ?? {} }]);
    return result?.ok ? { ok: true, message: `Profile ${row.profileId} was accepted by ${d.ctx.name}.`, record: row.payload } : { ok: false, message: result ? (result as { reason: string }).reason : "No answer", record: row.payload };
  } catch (e) {
    return { ok: false, message: (e as Error).message, record: row.payload };
  }
}

/** The audience as the sync sends it (sendable members, mapped), as CSV; with a PII `policy`, personal columns are masked. */
export async function* audienceCsv(opts: { workspaceId: string; syncId: string; policy?: PiiPolicy }): AsyncGenerator<string> {
  const s = await getSync(opts);
  const { target } = await targetFor(opts.workspaceId, { segmentId: s.segmentId, destinationId: s.destinationId, mapping: s.mapping });
  const columns = s.mapping.map((m) => m.to);
  yield ["profile_id", ...columns].map(csvCell).join(",") + "\n";
  let after: string | null = null;
  for (;;) {
    const chunk = await diffChunk(pool(), target, { kind: "all", after, limit: 5000 }, true);
    const rows = chunk.rows.filter(eligible);
    const shown = opts.policy ? rows.map((r) => ({ ...r, payload: maskPersonal({ fields: r.payload ?? {} }, opts.policy!).fields })) : rows;
    if (rows.length) yield shown.map((r) => [r.profileId, ...columns.map((c) => r.payload?.[c])].map(csvCell).join(",")).join("\n") + "\n";
    if (chunk.seen < 5000 || !chunk.last) return;
    after = chunk.last;
  }
}
