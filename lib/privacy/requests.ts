import { randomUUID } from "node:crypto";
import { z } from "zod";
import { eraseFromDestinations } from "../activation/erase";
import { recordAudit, type Actor } from "../audit";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";
import { eraseSubject } from "./erase";
import { buildExport, exportCsv, type SubjectExport } from "./export";
import { IDENTIFIER_KINDS, maskIdentifier, normalizeIdentifier, scrubEmails } from "./identifiers";
import { findSubject } from "./subject";

export const PRIVACY_CHANNEL = "ns_privacy";
/** GDPR: a month to answer. */
export const DEADLINE_DAYS = 30;
/** An access export can be downloaded for this long, then it is deleted. */
export const EXPORT_DAYS = 30;
const MAX_ATTEMPTS = 5;

export const privacyRequestSchema = z.object({
  kind: z.enum(["access", "erasure"], { message: "Choose access (export) or erasure." }),
  identifierKind: z.enum(IDENTIFIER_KINDS, { message: "Name the person by email, user_id or anonymous_id." }),
  identifier: z.string().trim().min(1, "Enter the person's email, user id or anonymous id.").max(500),
  note: z.string().trim().max(1000).default(""),
});
export type PrivacyRequestInput = z.input<typeof privacyRequestSchema>;

export type PrivacyRequest = {
  id: string;
  kind: "access" | "erasure";
  status: "pending" | "running" | "completed" | "failed";
  identifierKind: string;
  identifierHint: string;
  note: string;
  requestedBy: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  result: { found?: boolean; profiles?: number; removed?: Record<string, number>; destinations?: unknown[]; sections?: Record<string, number>; exportExpiresAt?: string };
  error: string | null;
  exportAvailable: boolean;
  /** Not completed and past its deadline. */
  overdue: boolean;
};

type Row = {
  id: string; kind: PrivacyRequest["kind"]; status: PrivacyRequest["status"]; identifier_kind: string; identifier_hint: string; note: string; requested_by: string; channel: string;
  received_at: Date; due_at: Date; completed_at: Date | null; result: PrivacyRequest["result"]; error: string | null; export_available: boolean; overdue: boolean;
};

const SELECT = `SELECT r.id, r.kind, r.status, r.identifier_kind, r.identifier_hint, r.note, r.requested_by, r.channel, r.received_at, r.due_at, r.completed_at, r.result, r.error,
  EXISTS (SELECT 1 FROM privacy_exports e WHERE e.request_id = r.id AND e.expires_at > now()) AS export_available,
  (r.status <> 'completed' AND r.due_at < now()) AS overdue FROM privacy_requests r`;

const view = (r: Row): PrivacyRequest => ({
  id: r.id, kind: r.kind, status: r.status, identifierKind: r.identifier_kind, identifierHint: r.identifier_hint, note: r.note, requestedBy: r.requested_by, channel: r.channel,
  receivedAt: r.received_at.toISOString(), dueAt: r.due_at.toISOString(), completedAt: r.completed_at?.toISOString() ?? null, result: r.result, error: r.error, exportAvailable: r.export_available, overdue: r.overdue,
});

/** Files an access or erasure request; the privacy worker picks it up at once. */
export async function fileRequest(opts: { workspaceId: string; actor: Actor; channel: "ui" | "api"; input: PrivacyRequestInput }): Promise<PrivacyRequest> {
  const parsed = privacyRequestSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message, parsed.error.issues);
  const input = parsed.data;
  const value = normalizeIdentifier(input.identifierKind, input.identifier);
  if (!value) throw new AppError("invalid_input", input.identifierKind === "email" ? "That is not an email address: check it for typos." : "Enter the identifier.");
  const id = randomUUID();
  await withTransaction(async (c) => {
    await c.query(
      `INSERT INTO privacy_requests (id, workspace_id, kind, identifier_kind, identifier, identifier_hint, note, requested_by, channel, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(days => $10))`,
      [id, opts.workspaceId, input.kind, input.identifierKind, value, maskIdentifier(input.identifierKind, value), input.note, opts.actor.label, opts.channel, DEADLINE_DAYS],
    );
    await c.query("SELECT pg_notify($1, $2)", [PRIVACY_CHANNEL, id]);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: `privacy.${input.kind}_requested`, target: { type: "privacy_request", id }, summary: { kind: input.kind, identifierKind: input.identifierKind, channel: opts.channel } });
  return getRequest({ workspaceId: opts.workspaceId, requestId: id });
}

export async function listRequests(opts: { workspaceId: string; limit?: number }): Promise<PrivacyRequest[]> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE r.workspace_id = $1 ORDER BY r.received_at DESC LIMIT $2`, [opts.workspaceId, Math.min(opts.limit ?? 200, 500)]);
  return rows.map(view);
}

export async function getRequest(opts: { workspaceId: string; requestId: string }): Promise<PrivacyRequest> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE r.workspace_id = $1 AND r.id = $2`, [opts.workspaceId, opts.requestId]);
  if (!rows[0]) throw new AppError("not_found", "That privacy request does not exist in this workspace.");
  return view(rows[0]);
}

/** The export of a completed access request, as JSON or CSV; every download is audit-logged. */
export async function downloadExport(opts: { workspaceId: string; actor: Actor; requestId: string; format: "json" | "csv" }): Promise<{ body: string; filename: string; contentType: string }> {
  const { rows } = await pool().query<{ content: SubjectExport }>(
    "SELECT e.content FROM privacy_exports e JOIN privacy_requests r ON r.id = e.request_id WHERE r.workspace_id = $1 AND r.id = $2 AND e.expires_at > now()",
    [opts.workspaceId, opts.requestId],
  );
  if (!rows[0]) throw new AppError("not_found", "No export to download: the request is not complete, found nobody, or its export expired. File a new access request.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "privacy.export_downloaded", target: { type: "privacy_request", id: opts.requestId }, summary: { format: opts.format } });
  const name = `northstar-access-${opts.requestId.slice(0, 8)}`;
  return opts.format === "csv"
    ? { body: exportCsv(rows[0].content), filename: `${name}.csv`, contentType: "text/csv; charset=utf-8" }
    : { body: JSON.stringify(rows[0].content, null, 2), filename: `${name}.json`, contentType: "application/json; charset=utf-8" };
}

type Claimed = { id: string; workspace_id: string; kind: "access" | "erasure"; identifier_kind: string; identifier: string; attempts: number };

/** Takes the oldest waiting request (or one a dead worker left running for 10 minutes). */
async function claim(): Promise<Claimed | null> {
  return withTransaction(async (c) => {
    const { rows } = await c.query<Claimed>(
      `SELECT id, workspace_id, kind, identifier_kind, identifier, attempts FROM privacy_requests
        WHERE identifier IS NOT NULL AND (status = 'pending' OR (status = 'running' AND started_at < now() - interval '10 minutes'))
        ORDER BY received_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!rows[0]) return null;
    await c.query("UPDATE privacy_requests SET status = 'running', started_at = now(), attempts = attempts + 1 WHERE id = $1", [rows[0].id]);
    return rows[0];
  });
}

const system: Actor = { type: "system", id: null, label: "privacy worker" };

async function complete(r: Claimed, result: PrivacyRequest["result"]): Promise<void> {
  // The plain identifier goes: only its masked hint and (for erasures) its hash remain.
  await pool().query("UPDATE privacy_requests SET status = 'completed', completed_at = now(), identifier = NULL, result = $2, error = NULL WHERE id = $1", [r.id, JSON.stringify(result)]);
  await recordAudit({ workspaceId: r.workspace_id, actor: system, action: `privacy.${r.kind}_completed`, target: { type: "privacy_request", id: r.id }, summary: { found: result.found, profiles: result.profiles ?? 0, removed: result.removed, sections: result.sections } });
}

async function erasure(r: Claimed): Promise<PrivacyRequest["result"]> {
  // Suppress first, so nothing arriving while destinations are told rebuilds the person.
  const first = await findSubject(pool(), r.workspace_id, r.identifier_kind, r.identifier);
  await withTransaction((c) => eraseSubject(c, r.workspace_id, { profileIds: [], identifiers: first.identifiers, emails: first.emails }, r.id));
  const destinations = (await eraseFromDestinations(r.workspace_id, first.profileIds)).map((d) => ({ ...d, reasons: d.reasons.map(scrubEmails) }));
  const removed = await withTransaction(async (c) => {
    const subject = await findSubject(c, r.workspace_id, r.identifier_kind, r.identifier);
    const all = { profileIds: [...new Set([...first.profileIds, ...subject.profileIds])], identifiers: [...first.identifiers, ...subject.identifiers], emails: [...new Set([...first.emails, ...subject.emails])] };
    return eraseSubject(c, r.workspace_id, all, r.id);
  });
  return { found: first.profileIds.length > 0, profiles: first.profileIds.length, removed, destinations };
}

async function access(r: Claimed): Promise<PrivacyRequest["result"]> {
  return withTransaction(async (c) => {
    await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const subject = await findSubject(c, r.workspace_id, r.identifier_kind, r.identifier);
    if (subject.profileIds.length === 0) return { found: false, profiles: 0 };
    const data = await buildExport(c, r.workspace_id, subject);
    const { rows } = await c.query<{ expires_at: Date }>(
      `INSERT INTO privacy_exports (request_id, content, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))
       ON CONFLICT (request_id) DO UPDATE SET content = excluded.content, expires_at = excluded.expires_at RETURNING expires_at`,
      [r.id, JSON.stringify(data), EXPORT_DAYS],
    );
    const sections = Object.fromEntries(Object.entries(data).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]));
    return { found: true, profiles: subject.profileIds.length, sections, exportExpiresAt: rows[0]!.expires_at.toISOString() };
  });
}

/** One request, start to finish. Returns false when none waits. A failure is retried up to 5 times, then the request says why it failed. */
export async function processPrivacyRequest(): Promise<boolean> {
  const r = await claim();
  if (!r) return false;
  try {
    await complete(r, r.kind === "erasure" ? await erasure(r) : await access(r));
  } catch (e) {
    const message = scrubEmails((e as Error).message);
    const failed = r.attempts + 1 >= MAX_ATTEMPTS;
    await pool().query("UPDATE privacy_requests SET status = $2, error = $3 WHERE id = $1", [r.id, failed ? "failed" : "pending", message]);
    console.error(`[privacy] request ${r.id} failed (attempt ${r.attempts + 1}): ${message}`);
  }
  return true;
}

/** Expired access exports are deleted: the person's data is not kept longer than needed. */
export async function pruneExports(): Promise<number> {
  return (await pool().query("DELETE FROM privacy_exports WHERE expires_at <= now()")).rowCount ?? 0;
}

/** Re-queues a failed request (after fixing what made it fail, e.g. a destination's credentials). */
export async function retryRequest(opts: { workspaceId: string; actor: Actor; requestId: string }): Promise<PrivacyRequest> {
  const { rowCount } = await pool().query("UPDATE privacy_requests SET status = 'pending', attempts = 0, error = NULL WHERE workspace_id = $1 AND id = $2 AND status = 'failed' AND identifier IS NOT NULL", [opts.workspaceId, opts.requestId]);
  if (!rowCount) throw new AppError("conflict", "Only a failed request can be retried.");
  await pool().query("SELECT pg_notify($1, $2)", [PRIVACY_CHANNEL, opts.requestId]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "privacy.request_retried", target: { type: "privacy_request", id: opts.requestId } });
  return getRequest(opts);
}
