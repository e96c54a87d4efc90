import type pg from "pg";
import { natsOptions } from "./nats/client";
import { consumeFromStream } from "./nats/relay";
import { consumeBatch as consumeOutbox, type Delivered } from "./postgres";
import { busKind } from "./topics";

export { acknowledge, BUS_CHANNEL, notifyPublished, publish, pruneBus, readBatch, type BusMessage, type Delivered, type Queryable } from "./postgres";
export { busKind, TOPICS } from "./topics";
export { closeNats } from "./nats/client";
export { closeReaders, relayOutbox } from "./nats/relay";
export { Leases } from "./leases";

/**
 * Handles the next batch of a topic for a named consumer: from the PostgreSQL outbox (default), or
 * with BUS=nats from JetStream, where any number of processes share the consumer's partitions.
 * Either way the handler runs in one transaction and the batch counts as handled once it commits.
 */
export function consumeBatch(consumer: string, topic: string, handler: (messages: Delivered[], client: pg.PoolClient) => Promise<void>, limit = 500): Promise<number> {
  return busKind() === "nats" ? consumeFromStream(natsOptions(), consumer, topic, handler, limit) : consumeOutbox(consumer, topic, handler, limit);
}
