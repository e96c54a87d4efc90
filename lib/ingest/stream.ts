import type { Msg } from "@nats-io/transport-node";
import { ensureStream, subjectOf, type NatsOptions } from "../bus/nats/client";
import type { PartitionedReader } from "../bus/nats/reader";
import { partitionOf } from "../bus/partition";
import type { IncomingMessage } from "./message";
import { ingestMessages, type IngestResult } from "./write";

/**
 * Ingestion through NATS JetStream (BUS=nats): the HTTP API answers once every message of a
 * request is stored in the events stream, and the `ingest` workers write them to PostgreSQL in
 * batches behind it. A profile's messages share a subject (by anonymous id, else user id: the id
 * a browser sends on every call), so one writer stores them in the order they came.
 */
type Envelope = { w: string; s: string | null; m: Omit<IncomingMessage, "ts" | "originalTimestamp" | "sentAt" | "receivedAt"> & { ts: string; originalTimestamp: string | null; sentAt: string | null; receivedAt: string } };

const iso = (d: Date | null) => d?.toISOString() ?? null;
const date = (s: string | null) => (s === null ? null : new Date(s));

export function encodeEvent(workspaceId: string, sourceId: string | null, m: IncomingMessage): string {
  const e: Envelope = { w: workspaceId, s: sourceId, m: { ...m, ts: m.ts.toISOString(), originalTimestamp: iso(m.originalTimestamp), sentAt: iso(m.sentAt), receivedAt: m.receivedAt.toISOString() } };
  return JSON.stringify(e);
}

export function decodeEvent(data: string): { workspaceId: string; sourceId: string | null; message: IncomingMessage } {
  const e = JSON.parse(data) as Envelope;
  return { workspaceId: e.w, sourceId: e.s, message: { ...e.m, ts: new Date(e.m.ts), originalTimestamp: date(e.m.originalTimestamp), sentAt: date(e.m.sentAt), receivedAt: new Date(e.m.receivedAt) } };
}

/** The key a message is partitioned by within its workspace. */
export const profileKeyOf = (workspaceId: string, m: Pick<IncomingMessage, "anonymousId" | "userId" | "messageId">) => `${workspaceId}/${m.anonymousId ?? m.userId ?? m.messageId}`;

/**
 * Stores messages in the events stream and resolves once JetStream has acknowledged every one
 * (replicated as the stream says). The message id is JetStream's de-duplication id too: a client
 * retrying a request within two minutes adds nothing.
 */
export async function publishEvents(o: NatsOptions, workspaceId: string, sourceId: string | null, messages: IncomingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const { js, nc } = await ensureStream(o, "events");
  await Promise.all(
    messages.map((m) =>
      js.publish(subjectOf(o, "events", partitionOf(profileKeyOf(workspaceId, m), o.partitions)), encodeEvent(workspaceId, sourceId, m), { msgID: `${workspaceId}:${m.messageId}` }),
    ),
  );
  nc.publish(wakeSubject(o));
}

/**
 * Writes a batch pulled from one partition to PostgreSQL: consecutive messages of the same
 * workspace and source go in one transaction, in stream order. Redelivered messages are dropped by
 * ingestion's own de-duplication on message id.
 */
export async function writeStreamed(msgs: Msg[]): Promise<IngestResult> {
  const total: IngestResult = { accepted: 0, duplicates: 0, profilesCreated: 0, merges: 0 };
  let run: { workspaceId: string; sourceId: string | null; messages: IncomingMessage[] } | null = null;
  const flush = async () => {
    if (!run) return;
    const r = await ingestMessages(run);
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.profilesCreated += r.profilesCreated;
    total.merges += r.merges;
    run = null;
  };
  for (const msg of msgs) {
    const { workspaceId, sourceId, message } = decodeEvent(new TextDecoder().decode(msg.data));
    if (run && (run.workspaceId !== workspaceId || run.sourceId !== sourceId)) await flush();
    run ??= { workspaceId, sourceId, messages: [] };
    run.messages.push(message);
  }
  await flush();
  return total;
}

/** One pass of an ingest worker over the partitions it holds. */
export function ingestFromStream(reader: PartitionedReader, limit = 1000): Promise<number> {
  return reader.read(limit, async (msgs) => {
    await writeStreamed(msgs);
  });
}

/** A plain NATS subject the API pokes after publishing, so idle ingest workers start at once. */
export const wakeSubject = (o: NatsOptions) => `${o.prefix.toLowerCase()}.wake.events`;
