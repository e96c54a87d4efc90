import type pg from "pg";
import { withTransaction } from "../db/pool";
import { TOPICS } from "./topics";

/**
 * The default event bus, on PostgreSQL: an outbox table written in the publisher's own transaction
 * (a membership change and its message commit together or not at all), read by named consumers
 * that each keep a cursor. Rows are read in (transaction id, id) order, and only from transactions
 * older than every transaction still running, so a slow transaction's rows are never skipped.
 */
export type Queryable = Pick<pg.PoolClient, "query">;
export type BusMessage = { topic: string; key: string; payload: unknown };
export type Delivered = { id: string; txid: string; topic: string; key: string; payload: unknown; createdAt: Date };

export const BUS_CHANNEL = "ns_bus";

/** Publishes messages inside the caller's transaction; subscribers see them once it commits. */
export async function publish(client: Queryable, messages: BusMessage[]): Promise<void> {
  if (messages.length === 0) return;
  // One JSON document for the batch: parsed once, not as an array of quoted JSON texts (a burst of
  // membership changes publishes thousands at a time).
  await client.query(
    "INSERT INTO bus_messages (topic, key, payload) SELECT x.topic, x.key, x.payload FROM jsonb_to_recordset($1::jsonb) AS x(topic text, key text, payload jsonb)",
    [JSON.stringify(messages.map((m) => ({ topic: m.topic, key: m.key, payload: m.payload })))],
  );
  for (const topic of new Set(messages.map((m) => m.topic))) await notifyPublished(client, topic);
}

/** Wakes a topic's consumers once the caller's transaction commits (for rows a table-backed topic delivers). */
export async function notifyPublished(client: Queryable, topic: string): Promise<void> {
  await client.query("SELECT pg_notify($1, $2)", [BUS_CHANNEL, topic]);
}

/**
 * Topics whose messages are also rows of a table that is its own outbox: the segment.membership
 * topic delivers the membership change log (`segment_changes`, written in the transaction that
 * makes the change, with the same transaction id ordering as outbox rows), instead of a second
 * copy of every change in `bus_messages`. Messages published to such a topic explicitly are
 * delivered too, merged in order (a transaction does one or the other, never both). The table
 * keeps its rows longer than the outbox keeps messages: `pruneBus` moves a retention floor below
 * which no consumer is delivered anything (a new consumer starts at most the retention back).
 */
type TableTopic = { rows: string; columns: string };
const TABLE_TOPICS: Record<string, TableTopic> = {
  [TOPICS.segmentMembership]: {
    rows: "segment_changes c",
    columns: `c.id, c.txid, $2::text AS topic, c.workspace_id || ':' || c.profile_id AS key,
      jsonb_build_object('workspaceId', c.workspace_id, 'segmentId', c.segment_id, 'version', c.version, 'profileId', c.profile_id::text,
                         'entered', c.entered, 'at', c.at, 'cause', c.cause, 'detail', c.detail) AS payload,
      c.recorded_at AS created_at`,
  },
};

/** The bus_cursors "consumer" that holds a table topic's retention floor. */
const RETENTION_FLOOR = "~retention";

/** Only rows of transactions older than every one still running: a slow transaction's rows are never skipped. */
const VISIBLE = "pg_snapshot_xmin(pg_current_snapshot())";

/**
 * The latest cursor of the named consumers ($2 is the topic) as a (txid, id) row, (0, 0) when none:
 * two scalar subqueries, evaluated once, so a row comparison with it bounds an index scan.
 */
function cursorOf(consumers: string): string {
  const one = (col: string, zero: string) =>
    `coalesce((SELECT b.${col} FROM bus_cursors b WHERE b.topic = $2 AND b.consumer IN (${consumers}) ORDER BY b.txid DESC, b.id DESC LIMIT 1), ${zero})`;
  return `(${one("txid", "'0'::xid8")}, ${one("id", "0")})`;
}

/** The next messages for a consumer, after its cursor; does not move the cursor. */
export async function readBatch(client: Queryable, consumer: string, topic: string, limit = 500): Promise<Delivered[]> {
  // Read from the cursor on, not every message the outbox still keeps.
  const outbox = `SELECT m.id, m.txid, m.topic, m.key, m.payload, m.created_at
       FROM bus_messages m
      WHERE m.topic = $2 AND (m.txid, m.id) > ${cursorOf("$1")} AND m.txid < ${VISIBLE}
      ORDER BY m.txid, m.id
      LIMIT $3`;
  const table = TABLE_TOPICS[topic];
  let sql = outbox;
  if (table) {
    // From the later of the consumer's cursor and the retention floor.
    const rows = `SELECT ${table.columns} FROM ${table.rows}
      WHERE c.txid IS NOT NULL AND (c.txid, c.id) > ${cursorOf(`$1, '${RETENTION_FLOOR}'`)} AND c.txid < ${VISIBLE}
      ORDER BY c.txid, c.id
      LIMIT $3`;
    sql = `SELECT * FROM ((${outbox}) UNION ALL (${rows})) x ORDER BY x.txid, x.id LIMIT $3`;
  }
  const { rows } = await client.query<{ id: string; txid: string; topic: string; key: string; payload: unknown; created_at: Date }>(
    `SELECT r.id, r.txid::text AS txid, r.topic, r.key, r.payload, r.created_at FROM (${sql}) r ORDER BY r.txid, r.id`,
    [consumer, topic, limit],
  );
  return rows.map((r) => ({ id: r.id, txid: r.txid, topic: r.topic, key: r.key, payload: r.payload, createdAt: r.created_at }));
}

/** Moves the consumer's cursor past a message it has handled. */
export async function acknowledge(client: Queryable, consumer: string, last: Pick<Delivered, "topic" | "txid" | "id">): Promise<void> {
  await client.query(
    `INSERT INTO bus_cursors (consumer, topic, txid, id, updated_at) VALUES ($1, $2, $3::xid8, $4, now())
     ON CONFLICT (consumer, topic) DO UPDATE SET txid = excluded.txid, id = excluded.id, updated_at = now()
      WHERE (bus_cursors.txid, bus_cursors.id) < (excluded.txid, excluded.id)`,
    [consumer, last.topic, last.txid, last.id],
  );
}

/**
 * Handles the next batch for a consumer: the handler and the cursor move commit together, so a
 * consumer that dies mid-batch sees the same messages again (at least once; handlers are idempotent).
 */
export async function consumeBatch(
  consumer: string,
  topic: string,
  handler: (messages: Delivered[], client: pg.PoolClient) => Promise<void>,
  limit = 500,
): Promise<number> {
  return withTransaction(async (client) => {
    // One reader per consumer and topic at a time; others skip rather than wait.
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS ok", [consumer, topic]);
    if (!rows[0]?.ok) return 0;
    const batch = await readBatch(client, consumer, topic, limit);
    if (batch.length > 0) {
      await handler(batch, client);
      await acknowledge(client, consumer, batch[batch.length - 1]!);
    }
    return batch.length;
  });
}

/**
 * Removes messages older than the retention (every consumer is expected to keep up within it), and
 * moves each table topic's retention floor to just before its first row recorded within it: read
 * from the previous floor on, so each run reads only the rows that aged out since. Never past a
 * transaction still running (its rows may be older in order, but are not delivered yet).
 */
export async function pruneBus(client: Queryable, olderThanDays = 7): Promise<number> {
  const r = await client.query("DELETE FROM bus_messages WHERE created_at < now() - make_interval(days => $1)", [olderThanDays]);
  for (const [topic, table] of Object.entries(TABLE_TOPICS)) {
    await client.query(
      `WITH kept AS (
         SELECT c.txid, c.id - 1 AS id FROM ${table.rows}
          WHERE c.txid IS NOT NULL AND (c.txid, c.id) > ${cursorOf("$1")} AND c.recorded_at >= now() - make_interval(days => $3)
          ORDER BY c.txid, c.id LIMIT 1),
       newest AS (SELECT c.txid, c.id FROM ${table.rows} WHERE c.txid IS NOT NULL ORDER BY c.txid DESC, c.id DESC LIMIT 1),
       candidate AS (SELECT * FROM kept UNION ALL SELECT * FROM newest WHERE NOT EXISTS (SELECT 1 FROM kept)),
       f AS (SELECT CASE WHEN (x.txid, x.id) < (${VISIBLE}, 0) THEN x.txid ELSE ${VISIBLE} END AS txid,
                    CASE WHEN (x.txid, x.id) < (${VISIBLE}, 0) THEN x.id ELSE 0 END AS id FROM candidate x)
       INSERT INTO bus_cursors (consumer, topic, txid, id, updated_at) SELECT $1, $2, f.txid, f.id, now() FROM f
       ON CONFLICT (consumer, topic) DO UPDATE SET txid = excluded.txid, id = excluded.id, updated_at = now()
        WHERE (bus_cursors.txid, bus_cursors.id) < (excluded.txid, excluded.id)`,
      [RETENTION_FLOOR, topic, olderThanDays],
    );
  }
  return r.rowCount ?? 0;
}
