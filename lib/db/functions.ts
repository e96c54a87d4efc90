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
  // Deleting segments removes their members and change log (set-wise, once per statement: these
  // tables have no foreign key to segments, see migration 0030).
  `CREATE OR REPLACE FUNCTION ns_segments_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     DELETE FROM segment_members m USING gone g WHERE m.segment_id = g.id;
     DELETE FROM segment_changes c USING gone g WHERE c.segment_id = g.id;
     RETURN NULL;
   END $$`,
  `CREATE OR REPLACE TRIGGER segments_deleted AFTER DELETE ON segments REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION ns_segments_deleted()`,
];

export async function ensureSqlFunctions(client: pg.Client | pg.Pool | pg.PoolClient): Promise<void> {
  for (const sql of FUNCTIONS) await client.query(sql);
}
