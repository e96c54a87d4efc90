import type pg from "pg";
import { AppError } from "../errors";
import { pool } from "./pool";

/**
 * Runs a read-only query on its own connection with a statement timeout, and cancels it in
 * PostgreSQL when the signal aborts (the person changed what they asked; the browser dropped the
 * request). A timeout becomes an error that says how to narrow the question.
 */
export async function cancellableQuery<R extends pg.QueryResultRow>(
  sql: string,
  params: unknown[],
  opts: { signal?: AbortSignal; timeoutMs: number; workMem?: string; tooLong: string },
): Promise<R[]> {
  if (opts.signal?.aborted) throw new AppError("conflict", "The request was cancelled.");
  const client = await pool().connect();
  let cancelled = false;
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const onAbort = () => {
    cancelled = true;
    void pool().query("SELECT pg_cancel_backend($1)", [pid]).catch(() => undefined);
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${Math.round(opts.timeoutMs)}`);
    if (opts.workMem) await client.query(`SET LOCAL work_mem = '${opts.workMem}'`);
    const r = await client.query<R>(sql, params);
    await client.query("COMMIT");
    return r.rows;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    if ((e as { code?: string }).code === "57014") {
      if (cancelled) throw new AppError("conflict", "The request was cancelled.");
      throw new AppError("timeout", `This took longer than ${Math.round(opts.timeoutMs / 1000)} s. ${opts.tooLong}`);
    }
    throw e;
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    client.release();
  }
}
