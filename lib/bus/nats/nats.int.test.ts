import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { publish, TOPICS } from "..";
import { closePool, disconnectDb, pool, withTransaction } from "../../db";
import { parseMessage } from "../../ingest";
import { publishEvents, writeStreamed } from "../../ingest/stream";
import { makeWorkspace } from "../../testing/fixtures";
import { partitionOf } from "../partition";
import { closeNats, ensureStream, nats, streamName, subjectOf, unacknowledged, type NatsOptions } from "./client";
import { closeReaders, consumeFromStream, relayOutbox } from "./relay";
import { PartitionedReader } from "./reader";
import { sleep, until } from "../../testing/until";

/**
 * Against the NATS server with JetStream on NATS_URL (127.0.0.1:4222 by default). Each run uses
 * streams of its own (a random prefix), deleted afterwards.
 */
const o: NatsOptions = {
  url: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
  prefix: `T${randomBytes(4).toString("hex").toUpperCase()}`,
  partitions: 6,
  ackWaitMs: 2_000,
  replicas: 1,
};
/** A second set of streams: a work-queue stream takes one consumer per subject, and the killed-worker test needs `ingest` to itself. */
const o2: NatsOptions = { ...o, prefix: `${o.prefix}B` };
const root = path.resolve(__dirname, "../../..");
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await closeReaders();
  const { jsm } = await nats(o.url);
  for (const opts of [o, o2]) for (const kind of ["events", "membership", "journeys"] as const) await jsm.streams.delete(streamName(opts, kind)).catch(() => undefined);
  await closeNats();
  await Promise.all([closePool(), disconnectDb()]);
});


function tracks(n: number, users: number, prefix = randomBytes(3).toString("hex")) {
  const receivedAt = new Date();
  return Array.from({ length: n }, (_, i) =>
    parseMessage({ type: "track", event: "Step", userId: `${prefix}-u${i % users}`, messageId: `${prefix}-m${i}`, properties: { seq: Math.floor(i / users) }, timestamp: new Date(receivedAt.getTime() - 60_000 + i).toISOString() }, { receivedAt }),
  );
}

async function eventCount(workspaceId: string) {
  const { rows } = await pool().query<{ n: string; ids: string }>("SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM events WHERE workspace_id = $1", [workspaceId]);
  return { n: Number(rows[0]!.n), ids: Number(rows[0]!.ids) };
}

describe("NATS JetStream bus", () => {
  it("hands each profile's messages to one of three readers at a time, in the order they were published", async () => {
    const readers = [0, 1, 2].map(() => new PartitionedReader({ ...o }, "membership", "order-test"));
    // All three join before anything is published, then settle who holds which partitions.
    for (const r of readers) await r.leases.refresh(true);
    for (const r of readers) await r.leases.refresh(true);
    expect(readers.map((r) => r.leases.owned.size)).toEqual([2, 2, 2]);

    const { js } = await ensureStream(o, "membership");
    const profiles = 40;
    const perProfile = 30;
    for (let seq = 0; seq < perProfile; seq++) {
      await Promise.all(
        Array.from({ length: profiles }, (_, p) =>
          js.publish(subjectOf(o, "membership", partitionOf(`p${p}`, o.partitions)), JSON.stringify({ topic: "order", key: `p${p}`, payload: { seq }, createdAt: new Date().toISOString() })),
        ),
      );
    }
    const seen = new Map<string, number[]>();
    const byReader = [0, 0, 0];
    const total = profiles * perProfile;
    let handled = 0;
    await Promise.all(
      readers.map(async (r, i) => {
        while (handled < total) {
          const n = await r.read(37, async (msgs) => {
            for (const m of msgs) {
              const e = JSON.parse(new TextDecoder().decode(m.data)) as { key: string; payload: { seq: number } };
              seen.set(e.key, [...(seen.get(e.key) ?? []), e.payload.seq]);
            }
            await sleep(5);
          });
          handled += n;
          byReader[i]! += n;
          if (n === 0) await sleep(20);
        }
      }),
    );
    expect(handled).toBe(total);
    for (let p = 0; p < profiles; p++) expect(seen.get(`p${p}`)).toEqual(Array.from({ length: perProfile }, (_, s) => s));
    for (const n of byReader) expect(n).toBeGreaterThan(0);
    await Promise.all(readers.map((r) => r.close()));
  });

  it("delivers a batch again when its handler fails after writing, and ingestion stores each event once", async () => {
    const { workspace } = await makeWorkspace();
    const messages = tracks(600, 50);
    for (let i = 0; i < messages.length; i += 20) await publishEvents(o2, workspace.id, null, messages.slice(i, i + 20));
    const reader = new PartitionedReader(o2, "events", "ingest");
    let failures = 0;
    const { jsm } = await nats(o2.url);
    const left = async () => {
      let n = 0;
      for (let p = 0; p < o2.partitions; p++) {
        const info = await jsm.consumers.info(streamName(o2, "events"), `ingest-${p}`).catch(() => null);
        n += info ? info.num_pending + info.num_ack_pending : 0;
      }
      return n;
    };
    await until(
      async () => {
        await reader.read(3, async (msgs) => {
          await writeStreamed(msgs);
          // The first two batches are written, then "crash" before they are acknowledged.
          if (failures < 2) {
            failures++;
            throw new Error("crash after writing");
          }
        });
        return failures === 2 && (await left()) === 0;
      },
      30_000,
      "every stream message handled",
    );
    expect(failures).toBe(2);
    expect(await eventCount(workspace.id)).toEqual({ n: 600, ids: 600 });
    for (let p = 0; p < o.partitions; p++) expect(await unacknowledged(o2, "events", "ingest", p)).toBe(0);
    await reader.close();
  });

  it("loses nothing when an ingest worker is killed mid-stream: another takes its partitions over", async () => {
    const { workspace } = await makeWorkspace();
    const messages = tracks(6_000, 600);
    // Requests of 50 events: a worker takes 20 stream messages per partition and pass, so the first is killed well before the end.
    for (let i = 0; i < messages.length; i += 50) await publishEvents(o, workspace.id, null, messages.slice(i, i + 50));
    // The ingest workers of this test read their own consumer of the stream (`ingest`), as `npm run worker -- ingest` does.
    const env = { ...process.env, BUS: "nats", NATS_URL: o.url, NATS_STREAM_PREFIX: o.prefix, BUS_PARTITIONS: String(o.partitions), BUS_ACK_WAIT_MS: String(o.ackWaitMs) };
    const worker = () => {
      const c = spawn(process.execPath, ["--import", "tsx", "workers/run.ts", "ingest"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
      children.push(c);
      return c;
    };
    const first = worker();
    await until(async () => (await eventCount(workspace.id)).n > 0, 30_000, "the first worker to store some events");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const stored = (await eventCount(workspace.id)).n;
    expect(stored).toBeLessThan(6_000);
    worker();
    await until(async () => (await eventCount(workspace.id)).n >= 6_000, 60_000, "every event stored by the second worker");
    await sleep(500);
    expect(await eventCount(workspace.id)).toEqual({ n: 6_000, ids: 6_000 });
  }, 120_000);

  it("relays the PostgreSQL outbox to JetStream once, for consumers that share it across processes", async () => {
    const key = `ws_relay:${randomBytes(3).toString("hex")}`;
    await withTransaction((c) => publish(c, [{ topic: TOPICS.segmentMembership, key, payload: { segmentId: "s1", profileId: "1", entered: true } }]));
    const got: { key: string; payload: unknown }[] = [];
    const read = () => consumeFromStream(o, "relay-test", TOPICS.segmentMembership, async (ms) => void got.push(...ms.map((m) => ({ key: m.key, payload: m.payload }))), 1000);
    // The outbox shows a commit once no older transaction runs on the server: relay and read until it arrives.
    let relayed = 0;
    await until(async () => ((relayed += await relayOutbox(o)), await read(), got.some((g) => g.key === key)), 20_000, "the relayed message");
    expect(relayed).toBeGreaterThan(0);
    expect(got.filter((g) => g.key === key)).toEqual([{ key, payload: { segmentId: "s1", profileId: "1", entered: true } }]);
    // Relaying the same outbox rows again (a relay that died before its cursor moved) adds nothing: JetStream drops the copies.
    await pool().query("DELETE FROM bus_cursors WHERE consumer = 'nats-relay'");
    await relayOutbox(o);
    await sleep(200);
    await read();
    expect(got.filter((g) => g.key === key)).toHaveLength(1);
  });
});
