import type pg from "pg";

/**
 * SQL helper functions the product's queries use. Created by application code after migrations,
 * because Prisma's migration runner splits files on every semicolon and cannot take a PL/pgSQL body.
 * Idempotent: run on every start.
 */
const FUNCTIONS = [
  // A text as a timestamp, or NULL when it is not one: a trait like "soon" must not fail a segment.
  `CREATE OR REPLACE FUNCTION ns_try_timestamptz(t text) RETURNS timestamptz LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
   BEGIN
     IF t IS NULL OR t !~ '^\\s*\\d{4}-\\d{2}-\\d{2}' THEN RETURN NULL; END IF;
     RETURN t::timestamptz;
   EXCEPTION WHEN others THEN RETURN NULL;
   END $$`,
];

export async function ensureSqlFunctions(client: pg.Client | pg.Pool | pg.PoolClient): Promise<void> {
  for (const sql of FUNCTIONS) await client.query(sql);
}
