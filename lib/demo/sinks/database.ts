import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { recountBreakdowns } from "../../analytics/breakdown-rollups";
import { ensureEventPartitions } from "../../db/partitions";
import { generateProfiles } from "../generate";
import type { GenOptions, GenProfile } from "../types";
import { copyJson, copyText, copyTime } from "./copy-text";

export type LoadProgress = { profiles: number; events: number; identities: number };
export type LoadResult = LoadProgress & { ms: number; firstProfileId: number };

const CHUNK = 1 << 20; // write to PostgreSQL in ~1 MB pieces
const EVENTS_COPY =
  "COPY events (workspace_id, source_id, message_id, type, event, profile_id, anonymous_id, user_id, ts, original_timestamp, sent_at, received_at, properties, traits, context) FROM STDIN";

/** A COPY stream with a string buffer that respects back-pressure. */
class CopyWriter {
  private buffer: string[] = [];
  private size = 0;
  private stream!: NodeJS.WritableStream;
  rows = 0;
  constructor(
    private readonly client: pg.PoolClient | pg.Client,
    private readonly sql: string,
  ) {}
  start() {
    this.stream = this.client.query(copyFrom(this.sql));
  }
  async push(line: string) {
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= CHUNK) await this.flush();
  }
  async flush() {
    if (this.size === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }
  async end() {
    await this.flush();
    const done = once(this.stream, "finish");
    this.stream.end();
    await done;
  }
}

function profileLine(p: GenProfile, id: number, workspaceId: string): string {
  const created = copyTime(p.firstSeen);
  return `${id}\t${workspaceId}\t${copyJson(p.traits)}\t${copyJson(p.consent)}\t${created}\t${copyTime(p.lastSeen)}\t${p.messages.length}\t${created}\t${copyTime(p.lastSeen)}\n`;
}

function identityLines(p: GenProfile, id: number, workspaceId: string): string[] {
  const first = copyTime(p.firstSeen);
  const lines = p.anonymousIds.map((a) => `${workspaceId}\tanonymous_id\t${a}\t${id}\t${first}\n`);
  if (p.userId) lines.push(`${workspaceId}\tuser_id\t${p.userId}\t${id}\t${first}\n`);
  if (p.email) lines.push(`${workspaceId}\temail\t${copyText(p.email)}\t${id}\t${first}\n`);
  return lines;
}

function eventLine(m: GenProfile["messages"][number], id: number, workspaceId: string, sourceId: string | null): string {
  const ts = copyTime(m.ts);
  // Received a moment after it happened, as a live pipeline would record it.
  const received = copyTime(m.ts + 150 + (m.ts % 900));
  return `${workspaceId}\t${copyText(sourceId)}\t${m.messageId}\t${m.type}\t${copyText(m.event ?? m.name ?? null)}\t${id}\t${copyText(m.anonymousId)}\t${copyText(m.userId)}\t${ts}\t${ts}\t\\N\t${received}\t${copyJson(m.properties)}\t${copyJson(m.traits)}\t${copyJson(m.context)}\n`;
}

/** The first `limit` event rows of a data set in COPY text format (for reference measurements). */
export function eventCopyLines(gen: GenOptions, workspaceId: string, limit: number): string[] {
  const lines: string[] = [];
  for (const p of generateProfiles(gen)) {
    for (const m of p.messages) {
      if (lines.length >= limit) return lines;
      lines.push(eventLine(m, p.index + 1, workspaceId, null));
    }
  }
  return lines;
}

/** Reserves `n` consecutive profile ids; returns the first. */
async function reserveProfileIds(client: pg.PoolClient | pg.Client, n: number): Promise<number> {
  await client.query("BEGIN");
  try {
    await client.query("LOCK TABLE profiles IN SHARE ROW EXCLUSIVE MODE");
    const { rows } = await client.query<{ last: string }>(
      "SELECT setval(pg_get_serial_sequence('profiles', 'id'), nextval(pg_get_serial_sequence('profiles', 'id')) + $1::bigint - 1) AS last",
      [n],
    );
    await client.query("COMMIT");
    return Number(rows[0]!.last) - n + 1;
  } catch (e) {
    await client.query("ROLLBACK");
    throw e;
  }
}

/** Each purpose a loaded profile answered becomes one entry of its consent history. */
const CONSENT_HISTORY = `INSERT INTO consent_changes (workspace_id, profile_id, purpose, granted, at, source)
  SELECT p.workspace_id, p.id, k, (p.consent -> k ->> 'granted')::boolean, coalesce((p.consent -> k ->> 'at')::timestamptz, p.created_at), coalesce(p.consent -> k ->> 'source', 'import')
    FROM profiles p CROSS JOIN LATERAL jsonb_object_keys(p.consent) k
   WHERE p.workspace_id = $1 AND p.id >= $2 AND (p.consent -> k ->> 'granted') IN ('true', 'false')`;

/**
 * Loads a generated data set into a workspace with COPY: profiles, their identities and events,
 * already resolved (what ingestion and identity resolution would have produced).
 */
export async function loadIntoDatabase(opts: {
  connectionString: string;
  workspaceId: string;
  sourceId?: string | null;
  gen: GenOptions;
  onProgress?: (p: LoadProgress) => void;
  /** Parallel COPY streams for events (default 2). */
  eventStreams?: number;
  /** Also write each profile's consent as its consent history (the demo shows it; benchmarks skip it). */
  consentHistory?: boolean;
}): Promise<LoadResult> {
  const started = Date.now();
  const eventStreams = Math.max(1, opts.eventStreams ?? 2);
  const clients = await Promise.all(Array.from({ length: 2 + eventStreams }, async () => {
    const c = new pg.Client({ connectionString: opts.connectionString });
    await c.connect();
    // A bulk load: losing the last moments on a crash is acceptable, waiting on each flush is not.
    await c.query("SET synchronous_commit = off");
    return c;
  }));
  const [pc, ic, ...ecs] = clients as [pg.Client, pg.Client, ...pg.Client[]];
  try {
    const base = await reserveProfileIds(pc, opts.gen.profiles);
    const windowStart = opts.gen.endMs - opts.gen.days * 86_400_000;
    await ensureEventPartitions(pc, new Date(windowStart - 86_400_000), new Date(opts.gen.endMs + 86_400_000));

    const profiles = new CopyWriter(pc, "COPY profiles (id, workspace_id, traits, consent, first_seen_at, last_seen_at, event_count, created_at, updated_at) FROM STDIN");
    const identities = new CopyWriter(ic, "COPY identities (workspace_id, kind, value, profile_id, first_seen_at) FROM STDIN");
    // Several event streams: PostgreSQL parses and indexes each COPY on one core.
    const events = ecs.map((c) => new CopyWriter(c, EVENTS_COPY));
    profiles.start();
    identities.start();
    events.forEach((w) => w.start());
    const eventRows = () => events.reduce((n, w) => n + w.rows, 0);
    const sourceId = opts.sourceId ?? null;
    let lastReport = 0;
    for (const p of generateProfiles(opts.gen)) {
      const id = base + p.index;
      await profiles.push(profileLine(p, id, opts.workspaceId));
      for (const line of identityLines(p, id, opts.workspaceId)) await identities.push(line);
      const writer = events[p.index % events.length]!;
      for (const m of p.messages) await writer.push(eventLine(m, id, opts.workspaceId, sourceId));
      if (opts.onProgress && eventRows() - lastReport >= 50_000) {
        lastReport = eventRows();
        opts.onProgress({ profiles: profiles.rows, events: lastReport, identities: identities.rows });
      }
    }
    // Profiles first: identities reference them.
    await profiles.end();
    await Promise.all([identities.end(), ...events.map((w) => w.end())]);
    const result = { profiles: profiles.rows, events: eventRows(), identities: identities.rows };
    opts.onProgress?.(result);
    await Promise.all(clients.map((c) => c.query("ANALYZE profiles; ANALYZE identities;").catch(() => undefined)));
    if (opts.consentHistory) await pc.query(CONSENT_HISTORY, [opts.workspaceId, base]);
    // These events bypassed ingestion: the analytics worker counts the workspace's history again.
    await pc.query("DELETE FROM event_rollup_state WHERE workspace_id = $1", [opts.workspaceId]);
    await recountBreakdowns(pc, opts.workspaceId);
    await pc.query("DELETE FROM event_people_state WHERE workspace_id = $1", [opts.workspaceId]);
    return { ...result, ms: Date.now() - started, firstProfileId: base };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
