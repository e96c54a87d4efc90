import type { Readable } from "node:stream";
import { csvCell } from "../csv";
import { parse } from "csv-parse";
import { ingestMessages } from "../ingest/write";
import type { IncomingMessage } from "../ingest/message";
import type { ImportMapping } from "./mapping";
import { rowToMessage } from "./rows";

export type ImportProgress = { rows: number; imported: number; rejected: number; duplicates: number };
export type RejectedRow = { row: number; reason: string; data: Record<string, string> };
export type ImportOutcome = ImportProgress & { rejectedRows: RejectedRow[]; headers: string[]; ms: number };

const BATCH = 2000;
/** At most this many rejected rows are kept for the report; the count covers all of them. */
export const MAX_REPORTED_REJECTIONS = 10_000;

/**
 * Streams a CSV through the same pipeline as the HTTP API (dedup, identity resolution, profiles),
 * in batches. Rows that cannot become a message are rejected with the reason; nothing else stops.
 */
export async function runImport(opts: { workspaceId: string; importId: string; sourceId?: string | null; input: Readable; mapping: ImportMapping; onProgress?: (p: ImportProgress) => void | Promise<void> }): Promise<ImportOutcome> {
  const started = Date.now();
  const parser = opts.input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: false, relax_column_count: true }));
  const progress: ImportProgress = { rows: 0, imported: 0, rejected: 0, duplicates: 0 };
  const rejectedRows: RejectedRow[] = [];
  let headers: string[] = [];
  let batch: IncomingMessage[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const r = await ingestMessages({ workspaceId: opts.workspaceId, sourceId: opts.sourceId ?? null, messages: batch });
    progress.imported += r.accepted;
    progress.duplicates += r.duplicates;
    batch = [];
    await opts.onProgress?.({ ...progress });
  };
  const receivedAt = new Date();
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    progress.rows++;
    if (progress.rows === 1) headers = Object.keys(row);
    try {
      batch.push(rowToMessage(row, opts.mapping, { importId: opts.importId, rowNumber: progress.rows, receivedAt }));
    } catch (e) {
      progress.rejected++;
      if (rejectedRows.length < MAX_REPORTED_REJECTIONS) rejectedRows.push({ row: progress.rows, reason: (e as Error).message, data: row });
    }
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await opts.onProgress?.({ ...progress });
  return { ...progress, rejectedRows, headers, ms: Date.now() - started };
}

/** The rejected rows as CSV: row number, reason, then the original columns. */
export function rejectionReport(headers: string[], rows: RejectedRow[]): string {
  const lines = [["row", "reason", ...headers].map(csvCell).join(",")];
  for (const r of rows) lines.push([String(r.row), r.reason, ...headers.map((h) => r.data[h] ?? "")].map(csvCell).join(","));
  return lines.join("\n") + "\n";
}
