import { Readable } from "node:stream";
import { db, pool } from "../db";
import { recordAudit, type Actor } from "../audit";
import { AppError } from "../errors";
import { importMappingSchema, type ImportMapping } from "./mapping";
import { rejectionReport, runImport } from "./run";

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export type ImportView = {
  id: string;
  kind: string;
  filename: string;
  status: "queued" | "running" | "done" | "failed";
  rowsTotal: number;
  rowsImported: number;
  rowsRejected: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  hasReport: boolean;
};

const SELECT = { id: true, kind: true, filename: true, status: true, rowsTotal: true, rowsImported: true, rowsRejected: true, error: true, createdAt: true, startedAt: true, finishedAt: true, report: true } as const;
type Row = { id: string; kind: string; filename: string; status: string; rowsTotal: number; rowsImported: number; rowsRejected: number; error: string | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; report: string | null };
const view = (r: Row): ImportView => ({
  id: r.id,
  kind: r.kind,
  filename: r.filename,
  status: r.status as ImportView["status"],
  rowsTotal: r.rowsTotal,
  rowsImported: r.rowsImported,
  rowsRejected: r.rowsRejected,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  hasReport: Boolean(r.report),
});

/** Lines after the header, for the progress bar (quoted line breaks make it an estimate). */
function countRows(content: Buffer): number {
  let lines = 0;
  for (let i = 0; i < content.length; i++) if (content[i] === 10) lines++;
  if (content.length && content[content.length - 1] !== 10) lines++;
  return Math.max(0, lines - 1);
}

/** Stores an uploaded CSV and queues it; a worker runs it and reports progress. */
export async function createImport(opts: { workspaceId: string; actor: Actor; filename: string; content: Buffer; mapping: unknown }): Promise<ImportView> {
  if (opts.content.length === 0) throw new AppError("invalid_input", "The file is empty. Choose a CSV file with a header row.");
  if (opts.content.length > MAX_IMPORT_BYTES) throw new AppError("invalid_input", "The file is over 100 MB. Split it into smaller files.");
  const parsed = importMappingSchema.safeParse(opts.mapping);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "The column mapping is not valid.", { fields: parsed.error.issues });
  return db().$transaction(async (tx) => {
    const row = await tx.import.create({
      data: { workspaceId: opts.workspaceId, kind: parsed.data.kind, filename: opts.filename.slice(0, 200), mapping: parsed.data as object, content: new Uint8Array(opts.content), rowsTotal: countRows(opts.content), createdById: opts.actor.id ?? null },
      select: SELECT,
    });
    await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "import.created", target: { type: "import", id: row.id }, summary: { filename: row.filename, kind: row.kind, rows: row.rowsTotal } }, tx);
    return view(row);
  });
}

export async function listImports(opts: { workspaceId: string }): Promise<ImportView[]> {
  return (await db().import.findMany({ where: { workspaceId: opts.workspaceId }, orderBy: { createdAt: "desc" }, take: 50, select: SELECT })).map(view);
}

export async function getImport(opts: { workspaceId: string; importId: string }): Promise<ImportView> {
  const r = await db().import.findFirst({ where: { id: opts.importId, workspaceId: opts.workspaceId }, select: SELECT });
  if (!r) throw new AppError("not_found", "That import does not exist in this workspace.");
  return view(r);
}

export async function getImportReport(opts: { workspaceId: string; importId: string }): Promise<{ filename: string; csv: string }> {
  const r = await db().import.findFirst({ where: { id: opts.importId, workspaceId: opts.workspaceId }, select: { filename: true, report: true } });
  if (!r) throw new AppError("not_found", "That import does not exist in this workspace.");
  if (!r.report) throw new AppError("not_found", "This import has no rejected rows to report.");
  return { filename: `${r.filename.replace(/\.csv$/i, "")}-rejected-rows.csv`, csv: r.report };
}

/**
 * Takes the oldest queued import (or one whose worker died mid-run) and runs it. Returns false
 * when there was nothing to do. Re-running is safe: row message ids make the second pass a no-op.
 */
export async function processNextImport(): Promise<boolean> {
  // Plain pg here: the file comes back as a Buffer without going through Prisma's Bytes mapping.
  const claimed = await pool().query<{ id: string; workspace_id: string; mapping: ImportMapping; content: Buffer }>(
    `UPDATE imports SET status = 'running', started_at = now(), error = NULL
      WHERE id = (SELECT id FROM imports
                   WHERE status = 'queued' OR (status = 'running' AND started_at < now() - interval '15 minutes')
                   ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING id, workspace_id, mapping, content`,
  );
  const job = claimed.rows[0];
  if (!job) return false;
  let lastWrite = 0;
  try {
    const outcome = await runImport({
      workspaceId: job.workspace_id,
      importId: job.id,
      input: Readable.from(job.content),
      mapping: job.mapping,
      onProgress: async (p) => {
        if (Date.now() - lastWrite < 500) return;
        lastWrite = Date.now();
        await db().import.update({ where: { id: job.id }, data: { rowsImported: p.imported + p.duplicates, rowsRejected: p.rejected } });
      },
    });
    await db().import.update({
      where: { id: job.id },
      data: {
        status: "done",
        rowsTotal: outcome.rows,
        rowsImported: outcome.imported + outcome.duplicates,
        rowsRejected: outcome.rejected,
        report: outcome.rejected ? rejectionReport(outcome.headers, outcome.rejectedRows) : null,
        finishedAt: new Date(),
      },
    });
  } catch (e) {
    await db().import.update({ where: { id: job.id }, data: { status: "failed", error: (e as Error).message.slice(0, 500), finishedAt: new Date() } });
  }
  return true;
}
