import type pg from "pg";
import { pool } from "../db/pool";
import type { Rejected } from "./accept";

/** Remembers refused messages for the source's debugger; never fails the request that reports them. */
export async function recordRejections(opts: { workspaceId: string; sourceId: string | null; rejected: Rejected[]; payloads: unknown[]; receivedAt: Date }): Promise<void> {
  try {
    const payload = (r: Rejected) => {
      const raw = JSON.stringify(opts.payloads[r.index] ?? null);
      return raw.length > 8192 ? JSON.stringify({ truncated: raw.slice(0, 8000) }) : raw.replace(/(?<!\\)\\u0000/g, "");
    };
    await pool().query(
      "INSERT INTO ingest_rejections (workspace_id, source_id, received_at, message_id, field, error, payload) SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[], $7::jsonb[])",
      [opts.workspaceId, opts.sourceId, opts.receivedAt, opts.rejected.map((r) => r.messageId ?? null), opts.rejected.map((r) => r.field), opts.rejected.map((r) => r.error), opts.rejected.map(payload)],
    );
  } catch (e) {
    console.warn(`[ingest] could not record rejected messages: ${(e as Error).message}`);
  }
}

/** Drops rejections older than 7 days; run by the maintenance worker. */
export async function pruneRejections(db: Pick<pg.Pool, "query"> = pool(), now = new Date()): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM ingest_rejections WHERE received_at < $1", [new Date(now.getTime() - 7 * 86_400_000)]);
  return rowCount ?? 0;
}
