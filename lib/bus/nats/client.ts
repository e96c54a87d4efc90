import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, createInbox, nanos, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { getConfig } from "../../config";

/**
 * JetStream through its documented wire API where the client library has no equivalent: streams
 * and consumers are made with the library, messages are pulled with a `no_wait` request (what is
 * there now, at once) and acknowledged message by message.
 */
export type NatsOptions = { url: string; prefix: string; partitions: number; ackWaitMs: number; replicas: number };

export function natsOptions(): NatsOptions {
  const c = getConfig();
  return { url: c.NATS_URL, prefix: c.NATS_STREAM_PREFIX, partitions: c.BUS_PARTITIONS, ackWaitMs: c.BUS_ACK_WAIT_MS, replicas: c.NATS_REPLICAS };
}

/**
 * Raw events as the HTTP API accepted them; then, relayed from PostgreSQL's outbox, segment
 * membership changes and the events journeys listen for (their triggers, waits and goals).
 */
export type StreamKind = "events" | "membership" | "journeys";

const DAY_NS = nanos(24 * 3600_000);

type Handles = { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager; ready: Set<string> };
const g = globalThis as unknown as { northstarNats?: Map<string, Promise<Handles>> };

/** One connection per server list and process, opened on first use. */
export function nats(url: string): Promise<Handles> {
  g.northstarNats ??= new Map();
  let h = g.northstarNats.get(url);
  if (!h) {
    h = (async () => {
      const nc = await connect({ servers: url.split(","), name: `northstar-${process.pid}`, maxReconnectAttempts: -1 }).catch((e: Error) => {
        g.northstarNats?.delete(url);
        throw new Error(`Cannot reach NATS at ${url} (BUS=nats): ${e.message}. Start a NATS server with JetStream (nats-server -js) or set NATS_URL.`);
      });
      return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc), ready: new Set<string>() };
    })();
    g.northstarNats.set(url, h);
  }
  return h;
}

export async function closeNats(): Promise<void> {
  const all = [...(g.northstarNats?.values() ?? [])];
  g.northstarNats = undefined;
  for (const h of all) await h.then((x) => x.nc.drain()).catch(() => undefined);
}

export const streamName = (o: NatsOptions, kind: StreamKind) => `${o.prefix}_${kind.toUpperCase()}`;
export const subjectOf = (o: NatsOptions, kind: StreamKind, partition: number) => `${o.prefix.toLowerCase()}.${kind}.${partition}`;
export const consumerName = (durable: string, partition: number) => `${durable}-${partition}`;

/**
 * The stream of a kind, made on first use. Events are a work queue (a message is gone once the
 * writer has stored it in PostgreSQL); the relayed topics stay 7 days for every consumer to read.
 */
export async function ensureStream(o: NatsOptions, kind: StreamKind): Promise<Handles> {
  const h = await nats(o.url);
  const name = streamName(o, kind);
  if (h.ready.has(name)) return h;
  try {
    await h.jsm.streams.info(name);
  } catch {
    await h.jsm.streams.add({
      name,
      subjects: [`${o.prefix.toLowerCase()}.${kind}.*`],
      storage: StorageType.File,
      retention: kind === "events" ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
      max_age: 7 * DAY_NS,
      duplicate_window: nanos(120_000),
      num_replicas: o.replicas,
    });
  }
  h.ready.add(name);
  return h;
}

/** A durable pull consumer of one partition, explicit acknowledgement. */
export async function ensureConsumer(o: NatsOptions, kind: StreamKind, durable: string, partition: number): Promise<Handles> {
  const h = await ensureStream(o, kind);
  const stream = streamName(o, kind);
  const name = consumerName(durable, partition);
  const key = `${stream}/${name}`;
  if (h.ready.has(key)) return h;
  try {
    await h.jsm.consumers.info(stream, name);
  } catch {
    await h.jsm.consumers.add(stream, {
      durable_name: name,
      filter_subject: subjectOf(o, kind, partition),
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(o.ackWaitMs),
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 20_000,
      max_deliver: -1,
    });
  }
  h.ready.add(key);
  return h;
}

/** Messages a consumer has handed out and not yet had acknowledged (a dead reader's, after a takeover). */
export async function unacknowledged(o: NatsOptions, kind: StreamKind, durable: string, partition: number): Promise<number> {
  const h = await ensureConsumer(o, kind, durable, partition);
  return (await h.jsm.consumers.info(streamName(o, kind), consumerName(durable, partition))).num_ack_pending;
}

/** Up to `batch` messages waiting for the consumer now, in stream order; an empty list when none wait. */
export async function pullNow(o: NatsOptions, kind: StreamKind, durable: string, partition: number, batch: number): Promise<Msg[]> {
  const { nc } = await ensureConsumer(o, kind, durable, partition);
  const inbox = createInbox();
  const sub = nc.subscribe(inbox);
  const timer = setTimeout(() => sub.unsubscribe(), 5_000);
  const out: Msg[] = [];
  nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${streamName(o, kind)}.${consumerName(durable, partition)}`, JSON.stringify({ batch, no_wait: true }), { reply: inbox });
  try {
    for await (const m of sub) {
      // A status (404 no messages, 408 request done, 409 consumer changed) ends the pull.
      if (m.headers?.code) break;
      out.push(m);
      if (out.length >= batch) break;
    }
  } finally {
    clearTimeout(timer);
    sub.unsubscribe();
  }
  return out;
}

/**
 * Acknowledges (or, `nak`, hands back for redelivery) each message, then waits for the server to
 * have received them all (a ping round trip on the same connection).
 */
export async function settle(nc: NatsConnection, msgs: Msg[], how: "ack" | "nak" = "ack"): Promise<void> {
  for (const m of msgs) if (m.reply) nc.publish(m.reply, how === "ack" ? "+ACK" : "-NAK");
  await nc.flush();
}

/** The stream sequence of a delivered message, from its acknowledgement subject. */
export function streamSeqOf(m: Msg): number {
  const t = (m.reply ?? "").split(".");
  // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time ns>.<pending>, with domain and account after ACK in the newer form.
  return Number(t[t.length >= 11 ? 7 : 5]);
}
