import pg from "pg";
import { required, type DestinationContext, type FieldSpec, type Provider, type RecordResult, type SyncRecord } from "./types";

/**
 * Reverse ETL into a table of another PostgreSQL database: profile_id as primary key, one text
 * column per mapped field and synced_at. The table is created (and missing columns added) on first
 * use; additions and updates are upserts, removals delete the row, each batch in one transaction.
 */
const fields: FieldSpec[] = [
  { key: "connectionString", label: "Connection string", secret: true, required: true, placeholder: "postgresql://user:password@host:5432/warehouse" },
  { key: "table", label: "Table", required: true, placeholder: "marketing.vip_customers" },
];

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
export function quoteTable(name: string): string {
  const parts = name.split(".");
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) throw new Error(`"${name}" is not a table name: use lower-case letters, digits and _ (optionally schema.table).`);
  return parts.map((p) => `"${p}"`).join(".");
}
const columnOf = (field: string) => field.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^([0-9])/, "_$1").slice(0, 63);
const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v));

async function connect(ctx: DestinationContext): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: ctx.secrets.connectionString, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  return client;
}

async function ensureTable(client: pg.Client, table: string, columns: string[]): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (profile_id text PRIMARY KEY, synced_at timestamptz NOT NULL DEFAULT now())`);
  for (const c of columns) await client.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS "${c}" text`);
}

export const postgresTable: Provider = {
  kind: "postgres",
  label: "PostgreSQL table",
  category: "Files and databases",
  description: "Write the segment into a table of another database (reverse ETL) for BI and other apps.",
  fields,
  defaultPurpose: null,
  maxBatch: 5000,
  requiresAny: [],
  defaultMapping: [
    { from: "traits.email", to: "email" },
    { from: "user_id", to: "user_id" },
    { from: "traits.plan", to: "plan" },
  ],
  validate(config, secrets) {
    const problems = required(config, secrets, fields);
    if (secrets.connectionString && !/^postgres(ql)?:\/\//.test(secrets.connectionString)) problems.push("Connection string must start with postgresql://.");
    if (config.table) {
      try {
        quoteTable(config.table);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    return problems;
  },
  async test(ctx) {
    const client = await connect(ctx);
    try {
      const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
      return `Connected to database ${rows[0]!.db}; the table ${ctx.config.table} is created on the first run if missing.`;
    } finally {
      await client.end();
    }
  },
  async send(ctx, records: SyncRecord[]): Promise<RecordResult[]> {
    const table = quoteTable(ctx.config.table!);
    const fieldNames = ctx.fields;
    const columns = fieldNames.map(columnOf);
    const client = await connect(ctx);
    try {
      await ensureTable(client, table, columns);
      await client.query("BEGIN");
      const removes = records.filter((r) => r.op === "remove").map((r) => r.profileId);
      if (removes.length) await client.query(`DELETE FROM ${table} WHERE profile_id = ANY($1::text[])`, [removes]);
      const upserts = records.filter((r) => r.op !== "remove");
      if (upserts.length) {
        const cols = columns.map((c) => `"${c}"`);
        const arrays = fieldNames.map((f) => upserts.map((r) => text(r.fields[f])));
        await client.query(
          `INSERT INTO ${table} (profile_id${cols.map((c) => `, ${c}`).join("")}, synced_at)
           SELECT *, now() FROM unnest($1::text[]${arrays.map((_, i) => `, $${i + 2}::text[]`).join("")})
           ON CONFLICT (profile_id) DO UPDATE SET ${[...cols.map((c) => `${c} = excluded.${c}`), "synced_at = now()"].join(", ")}`,
          [upserts.map((r) => r.profileId), ...arrays],
        );
      }
      await client.query("COMMIT");
      return records.map((r) => ({ profileId: r.profileId, ok: true }));
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      await client.end();
    }
  },
};
