import { createHash } from "node:crypto";
import pg from "pg";
import { z } from "zod";
import { recordAudit, type Actor } from "../../audit";
import { getConfig } from "../../config";
import { decryptSecret, encryptSecret } from "../../crypto/encryption";
import { pool } from "../../db/pool";
import { AppError } from "../../errors";
import { acceptPayload } from "../../ingest/accept";

/**
 * A database source reads a table or a SELECT of another PostgreSQL database, incrementally: each
 * run takes the rows whose cursor column (an `updated_at`, an increasing id) is past the last one
 * seen, in cursor order, in pages, and turns each row into an identify (columns → traits) or a
 * track (columns → properties). Rows that do not make a valid message are listed in the run.
 */
const column = z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Use a column name (letters, digits, _)");
export const databaseConfigSchema = z
  .object({
    query: z
      .string()
      .trim()
      .min(1, "Give a table name or a SELECT")
      .max(10_000)
      .refine((q) => /^[A-Za-z_][A-Za-z0-9_.]*$/.test(q) || /^select\s/i.test(q), "Give a table name (schema.table) or a query starting with SELECT")
      .refine((q) => !/;\s*\S/.test(q), "One statement only"),
    kind: z.enum(["identify", "track"], { error: "Rows become profile traits (identify) or events (track)" }),
    cursorColumn: column,
    userIdColumn: column.optional(),
    emailColumn: column.optional(),
    event: z.string().trim().max(200).optional(),
    eventColumn: column.optional(),
    timestampColumn: column.optional(),
    everyMinutes: z.number().int().min(5, "Run at most every 5 minutes").max(10_080).default(60),
  })
  .refine((c) => c.userIdColumn || c.emailColumn, { message: "Choose the column with the user id or the email", path: ["userIdColumn"] })
  .refine((c) => c.kind !== "track" || c.event || c.eventColumn, { message: "Name the event, or the column that holds it", path: ["event"] });
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;

export const saveDatabaseSourceSchema = z.object({
  config: databaseConfigSchema,
  /** postgresql://user:password@host:5432/db; absent keeps the stored one. */
  connection: z.string().trim().regex(/^postgres(ql)?:\/\/.+/, "Use a connection URL like postgresql://reader:secret@db.example.com:5432/crm").optional(),
});

const key = () => getConfig().ENCRYPTION_KEY;
const PAGE = 1000;
const CURSOR_TYPES = ["integer", "bigint", "smallint", "numeric", "text", "character varying", "date", "timestamp with time zone", "timestamp without time zone", "uuid"];

export type DatabaseRun = { id: string; startedAt: string; finishedAt: string | null; status: string; rowsRead: number; accepted: number; cursorFrom: string | null; cursorTo: string | null; errors: { row: number; error: string }[]; error: string | null };
export type DatabaseSourceView = { config: DatabaseConfig | null; connectionSet: boolean; cursor: string | null; nextRunAt: string | null; runs: DatabaseRun[] };

async function owned(workspaceId: string, sourceId: string) {
  const { rows } = await pool().query("SELECT 1 FROM sources WHERE id = $1 AND workspace_id = $2 AND kind = 'database'", [sourceId, workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That database source does not exist in this workspace.");
}

export async function getDatabaseSource(opts: { workspaceId: string; sourceId: string }): Promise<DatabaseSourceView> {
  await owned(opts.workspaceId, opts.sourceId);
  const { rows } = await pool().query<{ config: DatabaseConfig; connection: string | null; cursor: string | null; next_run_at: Date | null }>("SELECT * FROM database_sources WHERE source_id = $1", [opts.sourceId]);
  const { rows: runs } = await pool().query<{ id: string; started_at: Date; finished_at: Date | null; status: string; rows_read: number; accepted: number; cursor_from: string | null; cursor_to: string | null; errors: DatabaseRun["errors"]; error: string | null }>(
    "SELECT id::text, started_at, finished_at, status, rows_read, accepted, cursor_from, cursor_to, errors, error FROM database_source_runs WHERE source_id = $1 ORDER BY id DESC LIMIT 20",
    [opts.sourceId],
  );
  const r = rows[0];
  return {
    config: r?.config ?? null,
    connectionSet: !!r?.connection,
    cursor: r?.cursor ?? null,
    nextRunAt: r?.next_run_at?.toISOString() ?? null,
    runs: runs.map((x) => ({ id: x.id, startedAt: x.started_at.toISOString(), finishedAt: x.finished_at?.toISOString() ?? null, status: x.status, rowsRead: x.rows_read, accepted: x.accepted, cursorFrom: x.cursor_from, cursorTo: x.cursor_to, errors: x.errors, error: x.error })),
  };
}

/** Saves the settings; the first run is due at once. Changing the query keeps the cursor (reset it by recreating the source). */
export async function saveDatabaseSource(opts: { workspaceId: string; actor: Actor; sourceId: string; input: z.infer<typeof saveDatabaseSourceSchema> }): Promise<DatabaseSourceView> {
  await owned(opts.workspaceId, opts.sourceId);
  const { config, connection } = opts.input;
  const existing = await pool().query<{ connection: string | null }>("SELECT connection FROM database_sources WHERE source_id = $1", [opts.sourceId]);
  if (!connection && !existing.rows[0]?.connection) throw new AppError("invalid_input", "connection: give the connection URL of the database to read");
  await pool().query(
    `INSERT INTO database_sources (source_id, workspace_id, connection, config, every_minutes, next_run_at) VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (source_id) DO UPDATE SET connection = coalesce(excluded.connection, database_sources.connection), config = excluded.config, every_minutes = excluded.every_minutes,
       next_run_at = least(coalesce(database_sources.next_run_at, now()), now() + make_interval(mins => excluded.every_minutes)), updated_at = now()`,
    [opts.sourceId, opts.workspaceId, connection ? encryptSecret(connection, key()) : null, JSON.stringify(config), config.everyMinutes],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.database_saved", target: { type: "source", id: opts.sourceId }, summary: { kind: config.kind, cursor: config.cursorColumn, connectionChanged: !!connection } });
  return getDatabaseSource(opts);
}

export async function requestDatabaseRun(opts: { workspaceId: string; sourceId: string }): Promise<void> {
  await owned(opts.workspaceId, opts.sourceId);
  await pool().query("UPDATE database_sources SET next_run_at = now() WHERE source_id = $1", [opts.sourceId]);
  await pool().query(`NOTIFY ${DATABASE_SOURCES_CHANNEL}`);
}

export const DATABASE_SOURCES_CHANNEL = "ns_database_sources";

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? "" : String(v));

function toMessage(c: DatabaseConfig, sourceId: string, row: Record<string, unknown>): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === "bigint" ? Number(v) : v]));
  const userId = c.userIdColumn ? text(row[c.userIdColumn]) : "";
  const email = c.emailColumn ? text(row[c.emailColumn]).toLowerCase() : "";
  const digest = createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, 24);
  const msg: Record<string, unknown> = { type: c.kind, messageId: `db-${sourceId}-${digest}` };
  if (userId) msg.userId = userId;
  else if (email) msg.anonymousId = `email:${email}`;
  if (c.timestampColumn && row[c.timestampColumn]) msg.timestamp = text(row[c.timestampColumn]);
  if (c.kind === "identify") msg.traits = { ...fields, ...(email ? { email } : {}) };
  else {
    msg.event = c.event || text(row[c.eventColumn!]);
    msg.properties = fields;
    if (email) msg.context = { traits: { email } };
  }
  return msg;
}

/**
 * One run: pages of rows past the cursor, each page ingested (valid rows kept, invalid ones listed
 * with the reason), the cursor moved after each page so a failure resumes where it stopped.
 */
export async function runDatabaseSource(sourceId: string): Promise<DatabaseRun["status"]> {
  const { rows } = await pool().query<{ workspace_id: string; connection: string; config: DatabaseConfig; cursor: string | null; every_minutes: number }>("SELECT * FROM database_sources WHERE source_id = $1", [sourceId]);
  const src = rows[0];
  if (!src) return "failed";
  const c = databaseConfigSchema.parse(src.config);
  const run = await pool().query<{ id: string }>("INSERT INTO database_source_runs (source_id, workspace_id, cursor_from) VALUES ($1, $2, $3) RETURNING id::text", [sourceId, src.workspace_id, src.cursor]);
  const runId = run.rows[0]!.id;
  await pool().query("UPDATE database_sources SET next_run_at = now() + make_interval(mins => every_minutes) WHERE source_id = $1", [sourceId]);
  const remote = new pg.Client({ connectionString: decryptSecret(src.connection, key()), statement_timeout: 60_000, connectionTimeoutMillis: 15_000 });
  let cursor = src.cursor;
  let read = 0;
  let accepted = 0;
  const errors: { row: number; error: string }[] = [];
  try {
    await remote.connect();
    await remote.query("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    const from = /^select\s/i.test(c.query) ? `(${c.query})` : c.query.split(".").map((p) => `"${p}"`).join(".");
    // The cursor is kept as text and compared in the column's own type (numbers as numbers, times as times).
    const probe = await remote.query<{ t: string }>(`SELECT pg_typeof(q."${c.cursorColumn}")::text AS t FROM ${from} AS q LIMIT 1`);
    const type = probe.rows[0]?.t;
    if (type && !CURSOR_TYPES.includes(type)) throw new Error(`the cursor column ${c.cursorColumn} is ${type}; use a number, text, date or timestamp column`);
    for (;;) {
      if (!type) break;
      const page = await remote.query<Record<string, unknown>>(
        `SELECT * FROM ${from} AS q WHERE ($1::text IS NULL OR q."${c.cursorColumn}" > $1::text::${type}) ORDER BY q."${c.cursorColumn}" LIMIT ${PAGE}`,
        [cursor],
      );
      if (page.rows.length === 0) break;
      const out = await acceptPayload({ workspaceId: src.workspace_id, sourceId, endpoint: "batch", body: { batch: page.rows.map((r) => toMessage(c, sourceId, r)) }, bytes: 0 });
      accepted += out.result?.accepted ?? 0;
      for (const r of (out.body as { rejected?: { index: number; error: string }[] }).rejected ?? []) if (errors.length < 100) errors.push({ row: read + r.index + 1, error: r.error });
      read += page.rows.length;
      cursor = text(page.rows.at(-1)![c.cursorColumn]);
      await pool().query("UPDATE database_sources SET cursor = $2 WHERE source_id = $1", [sourceId, cursor]);
      await pool().query("UPDATE database_source_runs SET rows_read = $2, accepted = $3, cursor_to = $4, errors = $5 WHERE id = $1", [runId, read, accepted, cursor, JSON.stringify(errors)]);
      if (page.rows.length < PAGE) break;
    }
    await pool().query("UPDATE database_source_runs SET status = $2, finished_at = now(), rows_read = $3, accepted = $4, cursor_to = $5, errors = $6 WHERE id = $1", [runId, errors.length ? "partial" : "succeeded", read, accepted, cursor, JSON.stringify(errors)]);
    return errors.length ? "partial" : "succeeded";
  } catch (e) {
    await pool().query("UPDATE database_source_runs SET status = 'failed', finished_at = now(), rows_read = $2, accepted = $3, cursor_to = $4, error = $5 WHERE id = $1", [runId, read, accepted, cursor, `The database answered: ${(e as Error).message}`]);
    return "failed";
  } finally {
    await remote.end().catch(() => undefined);
  }
}

/** The next database source whose schedule is due, run now (claimed so two workers never run the same one). */
export async function runNextDueDatabaseSource(): Promise<boolean> {
  const { rows } = await pool().query<{ source_id: string }>(
    `UPDATE database_sources SET next_run_at = now() + interval '10 minutes'
      WHERE source_id = (SELECT d.source_id FROM database_sources d JOIN sources s ON s.id = d.source_id AND s.disabled_at IS NULL
                          WHERE d.next_run_at <= now() ORDER BY d.next_run_at LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
      RETURNING source_id`,
  );
  if (!rows[0]) return false;
  await runDatabaseSource(rows[0].source_id);
  return true;
}
