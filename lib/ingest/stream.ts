import { createHash } from "node:crypto";
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
type Stored = Omit<IncomingMessage, "ts" | "originalTimestamp" | "sentAt" | "receivedAt"> & { ts: string; originalTimestamp: string | null; sentAt: string | null; receivedAt: string };
/** One stream message: the events of one request that share a partition, in the order sent. */
type Envelope = { w: string; s: string | null; m: Stored[] };

const iso = (d: Date | null) => d?.toISOString() ?? null;
const date = (s: string | null) => (s === null ? null : new Date(s));

export function encodeEvents(workspaceId: string, sourceId: string | null, messages: IncomingMessage[]): string {
  const e: Envelope = { w: workspaceId, s: sourceId, m: messages.map((m) => ({ ...m, ts: m.ts.toISOString(), originalTimestamp: iso(m.originalTimestamp), sentAt: iso(m.sentAt), receivedAt: m.receivedAt.toISOString() })) };
  return JSON.stringify(e);
}

export function decodeEvents(data: string): { workspaceId: string; sourceId: string | null; messages: IncomingMessage[] } {
  const e = JSON.parse(data) as Envelope;
  return { workspaceId: e.w, sourceId: e.s, messages: e.m.map((m) => ({ ...m, ts: new Date(m.ts), originalTimestamp: date(m.originalTimestamp), sentAt: date(m.sentAt), receivedAt: new Date(m.receivedAt) })) };
}

const PER_MESSAGE = 100;

/** The key a message is partitioned by within its workspace. */
export const profileKeyOf = (workspaceId: string, m: Pick<IncomingMessage, "anonymousId" | "userId" | "messageId">) => `${workspaceId}/${m.anonymousId ?? m.userId ?? m.messageId}`;

/**
 * Stores messages in the events stream, one stream message per partition they fall in, and
 * resolves once JetStream has acknowledged every one (replicated as the stream says). The stream
 * message's id is made of its events' ids, so JetStream drops a client's retry of the same request
 * within two minutes; ingestion's own de-duplication drops it after that.
 */
export async function publishEvents(o: NatsOptions, workspaceId: string, sourceId: string | null, messages: IncomingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const { js, nc } = await ensureStream(o, "events");
  const byPartition = new Map<number, IncomingMessage[]>();
  for (const m of messages) {
    const p = partitionOf(profileKeyOf(workspaceId, m), o.partitions);
    const list = byPartition.get(p);
    if (list) list.push(m);
    else byPartition.set(p, [m]);
  }
  // At most PER_MESSAGE events a stream message, well inside NATS's 1 MB payload limit.
  const parts = [...byPartition].flatMap(([p, ms]) => Array.from({ length: Math.ceil(ms.length / PER_MESSAGE) }, (_, i) => ({ p, ms: ms.slice(i * PER_MESSAGE, (i + 1) * PER_MESSAGE) })));
  await Promise.all(
    parts.map(({ p, ms }) => {
      const id = createHash("sha256").update(workspaceId).update(ms.map((m) => m.messageId).join("\u0000")).digest("base64url");
      return js.publish(subjectOf(o, "events", p), encodeEvents(workspaceId, sourceId, ms), { msgID: id });
    }),
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
    const { workspaceId, sourceId, messages } = decodeEvents(new TextDecoder().decode(msg.data));
    if (run && (run.workspaceId !== workspaceId || run.sourceId !== sourceId)) await flush();
    run ??= { workspaceId, sourceId, messages: [] };
    run.messages.push(...messages);
    if (run.messages.length >= MAX_WRITE) await flush();
  }
  await flush();
  return total;
}

/** Events written in one transaction at most. */
const MAX_WRITE = 2_000;

/** One pass of an ingest worker over the partitions it holds (`limit` stream messages per partition, each one request's events). */
export function ingestFromStream(reader: PartitionedReader, limit = 20): Promise<number> {
  return reader.read(limit, async (msgs) => {
    await writeStreamed(msgs);
  });
}

/** A plain NATS subject the API pokes after publishing, so idle ingest workers start at once. */
export const wakeSubject = (o: NatsOptions) => `${o.prefix.toLowerCase()}.wake.events`;
