import type pg from "pg";
import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";
import { AppError } from "../errors";
import { profileSummaries, type ProfileSummary } from "../profiles";
import { compileDefinition, membersSql } from "./compile";
import type { SegmentDefinition } from "./schema";

export const PREVIEW_TIMEOUT_MS = 20_000;
const totals = new TtlCache<number>(30_000);

export type Preview = { count: number; total: number; emailable: number; advertisable: number; sample: ProfileSummary[]; ms: number };

/**
 * Runs a query on its own connection with a statement timeout, and cancels it in PostgreSQL when
 * the signal aborts (the marketer changed the definition; the browser dropped the request).
 */
export async function cancellableQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[], opts: { signal?: AbortSignal; timeoutMs: number; workMem?: string }): Promise<R[]> {
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
      throw new AppError("timeout", `Counting this took longer than ${Math.round(opts.timeoutMs / 1000)} s. Narrow it: add a time window to event conditions, or a condition on a trait.`);
    }
    throw e;
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    client.release();
  }
}

export async function liveProfileCount(workspaceId: string): Promise<number> {
  return totals.get(workspaceId, async () => {
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM profiles WHERE workspace_id = $1 AND merged_into IS NULL", [workspaceId]);
    return Number(rows[0]!.n);
  });
}

/**
 * The size of a definition right now, the share of all profiles, how many of them can be reached
 * by email and by ads (consent given), and a sample of members, from the same compiled predicate
 * that decides live membership.
 */
export async function previewSegment(opts: { workspaceId: string; definition: SegmentDefinition; now?: Date; signal?: AbortSignal }): Promise<Preview> {
  const started = Date.now();
  const copts = { workspaceId: opts.workspaceId, now: opts.now ?? new Date() };
  const compiled = compileDefinition(opts.definition, copts);
  const reach = `p.id, p.traits ? 'email' AND lower(p.consent -> 'marketing_email' ->> 'granted') = 'true' AS e, lower(p.consent -> 'advertising' ->> 'granted') = 'true' AS a`;
  const sql = `WITH m AS MATERIALIZED (${membersSql(compiled, copts, reach)})
    SELECT count(*) AS n, count(*) FILTER (WHERE e) AS emailable, count(*) FILTER (WHERE a) AS advertisable,
           (SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY id DESC LIMIT 10) s) AS sample
      FROM m`;
  const [rows, total] = await Promise.all([
    cancellableQuery<{ n: string; emailable: string; advertisable: string; sample: string[] | null }>(sql, compiled.params.values, { signal: opts.signal, timeoutMs: PREVIEW_TIMEOUT_MS, workMem: "128MB" }),
    liveProfileCount(opts.workspaceId),
  ]);
  const r = rows[0]!;
  const sample = await profileSummaries({ workspaceId: opts.workspaceId, ids: r.sample ?? [] });
  return { count: Number(r.n), total, emailable: Number(r.emailable), advertisable: Number(r.advertisable), sample, ms: Date.now() - started };
}
