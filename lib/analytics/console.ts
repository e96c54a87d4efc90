import { CONSOLE_ROLE, CONSOLE_VIEWS } from "../db/console-role";
import { pool } from "../db/pool";
import { explicitPiiLists } from "../privacy/mask";
import { AppError } from "../errors";

export const CONSOLE_TIMEOUT_MS = 15_000;
export const CONSOLE_MAX_ROWS = 1000;

export type ConsoleResult = { columns: { name: string; type: string }[]; rows: unknown[][]; truncated: boolean; ms: number };

const TYPES: Record<number, string> = { 16: "boolean", 20: "number", 21: "number", 23: "number", 700: "number", 701: "number", 1700: "number", 1082: "date", 1114: "timestamp", 1184: "timestamp", 114: "json", 3802: "json" };

/** What the console can read: its views and their columns. */
export async function consoleSchema(): Promise<{ name: string; description: string; columns: string[] }[]> {
  const { rows } = await pool().query<{ table_name: string; columns: string[] }>(
    "SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) AS columns FROM information_schema.columns WHERE table_schema = 'console' GROUP BY table_name",
  );
  const cols = new Map(rows.map((r) => [r.table_name, r.columns]));
  return CONSOLE_VIEWS.map((v) => ({ name: v.name, description: v.description, columns: cols.get(v.name) ?? [] }));
}

/**
 * Runs one SELECT as the console role, which can only read the `console` views of this
 * workspace (it has no other privilege: nothing can be written), with a statement timeout, as a single statement (the
 * extended protocol refuses several), wrapped as a subquery so that only a query fits, at most
 * 1,000 rows. Rolled back whatever happens.
 */
export async function runConsoleQuery(opts: { workspaceId: string; sql: string; signal?: AbortSignal; masked?: boolean }): Promise<ConsoleResult> {
  const text = opts.sql.trim().replace(/;\s*$/, "");
  if (!text) throw new AppError("invalid_input", "Write a SELECT query, like: SELECT event, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC");
  if (text.length > 20_000) throw new AppError("invalid_input", "The query is too long (at most 20,000 characters).");
  const client = await pool().connect();
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const onAbort = () => void pool().query("SELECT pg_cancel_backend($1)", [pid]).catch(() => undefined);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const started = Date.now();
  try {
    // Never committed: the session row and anything else vanish at the ROLLBACK below.
    await client.query("BEGIN");
    await client.query(`SET LOCAL statement_timeout = ${CONSOLE_TIMEOUT_MS}`);
    // Masked sessions (people without pii:read) see personal fields through the views' masks.
    const lists = opts.masked ? await explicitPiiLists(opts.workspaceId) : { personal: [], normal: [] };
    await client.query(
      `INSERT INTO console_sessions (pid, workspace_id, masked, personal, normal) VALUES (pg_backend_pid(), $1, $2, $3, $4)
       ON CONFLICT (pid) DO UPDATE SET workspace_id = excluded.workspace_id, masked = excluded.masked, personal = excluded.personal, normal = excluded.normal`,
      [opts.workspaceId, !!opts.masked, lists.personal, lists.normal],
    );
    await client.query("SELECT set_config('search_path', 'console', true)");
    await client.query(`SET LOCAL ROLE ${CONSOLE_ROLE}`);
    const r = await client.query({ text: `SELECT * FROM (\n${text}\n) AS console_result LIMIT ${CONSOLE_MAX_ROWS + 1}`, values: [], rowMode: "array", queryMode: "extended" } as never);
    const result = r as unknown as { fields: { name: string; dataTypeID: number }[]; rows: unknown[][] };
    return {
      columns: result.fields.map((f) => ({ name: f.name, type: TYPES[f.dataTypeID] ?? "text" })),
      rows: result.rows.slice(0, CONSOLE_MAX_ROWS),
      truncated: result.rows.length > CONSOLE_MAX_ROWS,
      ms: Date.now() - started,
    };
  } catch (e) {
    const err = e as { code?: string; message: string; position?: string };
    if (err.code === "57014") throw new AppError("timeout", `The query ran longer than ${CONSOLE_TIMEOUT_MS / 1000} s and was stopped. Add a WHERE on ts, or aggregate.`);
    if (err.code === "42501") throw new AppError("forbidden", `${err.message}. The console reads the views events, profiles, identities, segments, segment_members and segment_changes of this workspace, read-only.`);
    if (err.code && /^(42|22|0A|21)/.test(err.code)) throw new AppError("invalid_input", `${err.message}. Only one SELECT (or WITH … SELECT) runs here.`);
    throw e;
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}
