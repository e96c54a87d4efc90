import { BUS_CHANNEL, consumeBatch, type Delivered } from "../postgres";
import { partitionOf } from "../partition";
import { TOPICS } from "../topics";
import { ensureStream, streamSeqOf, subjectOf, type NatsOptions, type StreamKind } from "./client";
import { PartitionedReader } from "./reader";
import { withTransaction } from "../../db/pool";
import type pg from "pg";

/** The outbox cursor of the relay (BUS=nats). */
export const RELAY_CONSUMER = "nats-relay";

type Envelope = { topic: string; key: string; payload: unknown; createdAt: string };

/** The stream each outbox topic is relayed to. */
const STREAM_OF: Record<string, StreamKind> = { [TOPICS.segmentMembership]: "membership", [TOPICS.journeyTrigger]: "journeys" };
const streamOf = (topic: string): StreamKind => STREAM_OF[topic] ?? "membership";

/**
 * Moves outbox messages to JetStream. A membership change (or an event a journey listens for) is
 * still written in the transaction that makes it (PostgreSQL's outbox), so it is never published
 * without being stored or stored without being published; the relay publishes it under the outbox
 * id (JetStream drops a second copy within two minutes) before moving its cursor, and wakes the
 * consumers once the cursor commits.
 */
export async function relayOutbox(o: NatsOptions, limit = 2000): Promise<number> {
  let moved = 0;
  for (const topic of Object.values(TOPICS)) {
    moved += await consumeBatch(
      RELAY_CONSUMER,
      topic,
      async (messages, client) => {
        const kind = streamOf(topic);
        const { js } = await ensureStream(o, kind);
        await Promise.all(
          messages.map((m) => {
            const e: Envelope = { topic: m.topic, key: m.key, payload: m.payload, createdAt: m.createdAt.toISOString() };
            return js.publish(subjectOf(o, kind, partitionOf(m.key, o.partitions)), JSON.stringify(e), { msgID: `${m.txid}:${m.id}` });
          }),
        );
        await client.query("SELECT pg_notify($1, $2)", [BUS_CHANNEL, `nats:${topic}`]);
      },
      limit,
    );
  }
  return moved;
}

const readers = new Map<string, PartitionedReader>();

/**
 * The JetStream side of `consumeBatch`: the consumer's handler runs in one PostgreSQL transaction
 * per partition batch, and the batch is acknowledged once that commits (a crash in between
 * delivers it again: handlers are idempotent).
 */
export function consumeFromStream(o: NatsOptions, consumer: string, topic: string, handler: (messages: Delivered[], client: pg.PoolClient) => Promise<void>, limit: number): Promise<number> {
  const key = `${consumer}/${topic}`;
  let reader = readers.get(key);
  if (!reader) readers.set(key, (reader = new PartitionedReader(o, streamOf(topic), consumer)));
  return reader.read(limit, async (msgs) => {
    const delivered: Delivered[] = [];
    for (const m of msgs) {
      const e = JSON.parse(new TextDecoder().decode(m.data)) as Envelope;
      if (e.topic !== topic) continue;
      delivered.push({ id: String(streamSeqOf(m)), txid: "0", topic: e.topic, key: e.key, payload: e.payload, createdAt: new Date(e.createdAt) });
    }
    if (delivered.length) await withTransaction((client) => handler(delivered, client));
  });
}

/** Leaves every consumer group this process joined. */
export async function closeReaders(): Promise<void> {
  await Promise.all([...readers.values()].map((r) => r.close()));
  readers.clear();
}
