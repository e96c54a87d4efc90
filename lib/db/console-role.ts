import type pg from "pg";
import { ATTRIBUTE_PATTERN, MASK, PII_PATTERN, PROPERTY_PII_PATTERN, SENSITIVE_PATTERN } from "../privacy/classify";

/** A string literal for SQL written inside a single-quoted function body (quotes doubled twice). */
const quote = (s: string) => `''${s.replace(/'/g, "''''")}''`;

/**
 * The SQL console's database side: a role that can log in nowhere and read only the `console`
 * schema, whose views show one workspace's rows — the one the app wrote for this backend into
 * `console_sessions` inside the console's own (always rolled back) transaction. The role cannot
 * write that table, and a setting it could change is not involved. Views run with their owner's
 * rights (the app), so the role never touches the tables themselves; `security_barrier` keeps its
 * functions from seeing other rows.
 * Created by application code after migrations (a role is not part of a schema migration), idempotent.
 */
export const CONSOLE_ROLE = "northstar_console";

const WS = "(SELECT c.workspace_id FROM public.console_sessions c WHERE c.pid = pg_backend_pid())";
/** For people who see personal data masked, JSON documents and identifiers go through console.mask_personal. */
const session = (column: string) => `(SELECT c.${column} FROM public.console_sessions c WHERE c.pid = pg_backend_pid())`;
/** `asTrait`: a person's traits (a bare `name` is personal) rather than event properties (a product's `name` is not). */
const masked = (column: string, asTrait: boolean) =>
  `CASE WHEN ${session("masked")} THEN console.mask_personal(${column}, ${session("personal")}, ${session("normal")}, ${asTrait}) ELSE ${column} END AS ${column}`;
const maskedIdentity = `CASE WHEN ${session("masked")} AND (kind = 'email' OR (kind LIKE 'trait:%' AND console.is_personal(substr(kind, 7), ${session("personal")}, ${session("normal")}, true))) THEN '${MASK}' ELSE value END AS value`;

export const CONSOLE_VIEWS: { name: string; sql: string; description: string }[] = [
  { name: "events", description: "Every event: type, event name, profile, ids, time, properties, traits, context", sql: `SELECT id, source_id, message_id, type, event, profile_id, anonymous_id, user_id, ts, received_at, ${masked("properties", false)}, ${masked("traits", true)}, ${masked("context", false)} FROM public.events WHERE workspace_id = ${WS}` },
  { name: "profiles", description: "Unified profiles with traits, consent and first / last seen", sql: `SELECT id, ${masked("traits", true)}, consent, first_seen_at, last_seen_at, event_count, merged_into, created_at, updated_at FROM public.profiles WHERE workspace_id = ${WS}` },
  { name: "identities", description: "Identifiers (user id, anonymous id, email, …) of each profile", sql: `SELECT kind, ${maskedIdentity}, profile_id, first_seen_at FROM public.identities WHERE workspace_id = ${WS}` },
  { name: "segments", description: "Segments with their definition and size", sql: `SELECT id, name, description, definition, version, member_count, last_evaluated_at, created_at FROM public.segments WHERE workspace_id = ${WS}` },
  { name: "segment_members", description: "Who is in which segment, since when", sql: `SELECT m.segment_id, m.profile_id, m.since FROM public.segment_members m JOIN public.segments s ON s.id = m.segment_id WHERE s.workspace_id = ${WS}` },
  { name: "segment_changes", description: "Every entry into and exit from a segment, with its cause", sql: `SELECT segment_id, profile_id, entered, at, cause, detail FROM public.segment_changes WHERE workspace_id = ${WS}` },
];

/** Sets the role and views up; on a server where the app may not create roles, says so and goes on without the console. */
export async function ensureConsoleRole(client: pg.Client | pg.Pool | pg.PoolClient): Promise<boolean> {
  try {
    await setUp(client);
    return true;
  } catch (e) {
    console.warn(`The SQL console is unavailable: ${(e as Error).message}. Give the app's database user CREATEROLE (or create the role ${CONSOLE_ROLE} NOLOGIN and grant it to the app's user) and restart.`);
    return false;
  }
}

async function setUp(client: pg.Client | pg.Pool | pg.PoolClient): Promise<void> {
  // Roles belong to the whole server: another database's migration may be creating it right now.
  await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${CONSOLE_ROLE}') THEN CREATE ROLE ${CONSOLE_ROLE} NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await client.query("CREATE TABLE IF NOT EXISTS public.console_sessions (pid integer PRIMARY KEY, workspace_id text NOT NULL)");
  await client.query("ALTER TABLE public.console_sessions ADD COLUMN IF NOT EXISTS masked boolean NOT NULL DEFAULT false, ADD COLUMN IF NOT EXISTS personal text[] NOT NULL DEFAULT '{}', ADD COLUMN IF NOT EXISTS normal text[] NOT NULL DEFAULT '{}'");
  await client.query("CREATE SCHEMA IF NOT EXISTS console");
  // The same rules as the app: a steward's class first, else the field's name.
  await client.query(`CREATE OR REPLACE FUNCTION console.is_personal(field text, personal text[], normal text[], trait boolean) RETURNS boolean LANGUAGE sql IMMUTABLE AS
    'SELECT field = ANY(personal) OR (NOT field = ANY(normal) AND ((field ~* (CASE WHEN trait THEN ${quote(PII_PATTERN)} ELSE ${quote(PROPERTY_PII_PATTERN)} END) AND NOT field ~* ${quote(ATTRIBUTE_PATTERN)}) OR field ~* ${quote(SENSITIVE_PATTERN)}))'`);
  await client.query(`CREATE OR REPLACE FUNCTION console.mask_personal(doc jsonb, personal text[], normal text[], trait boolean) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
    BEGIN
      IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN RETURN doc; END IF;
      RETURN (SELECT coalesce(jsonb_object_agg(k, CASE
                WHEN v <> 'null'::jsonb AND console.is_personal(k, personal, normal, trait) THEN to_jsonb('${MASK}'::text)
                WHEN jsonb_typeof(v) = 'object' THEN console.mask_personal(v, personal, normal, trait OR k = 'traits')
                ELSE v END), '{}'::jsonb)
              FROM jsonb_each(doc) AS e(k, v));
    END $fn$`);
  for (const v of CONSOLE_VIEWS) await client.query(`CREATE OR REPLACE VIEW console.${v.name} WITH (security_barrier) AS ${v.sql}`);
  await client.query(`REVOKE ALL ON SCHEMA public FROM ${CONSOLE_ROLE}`);
  await client.query(`GRANT USAGE ON SCHEMA console TO ${CONSOLE_ROLE}`);
  await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA console TO ${CONSOLE_ROLE}`);
  // The app's own user switches to the role for console queries (SET LOCAL ROLE).
  await client.query(`GRANT ${CONSOLE_ROLE} TO CURRENT_USER`).catch(() => undefined);
}
