import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeNats, closeReaders, relayOutbox } from "../bus";
import { nats, natsOptions, streamName } from "../bus/nats/client";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { processInbox, processTriggers } from "./inputs";
import { saveJourneySchema, type Graph } from "./schema";
import { createJourney, publishJourney } from "./store";

// This file runs with the NATS bus, on streams of its own (read when the configuration is first parsed).
process.env.BUS = "nats";
process.env.NATS_STREAM_PREFIX = `J${randomBytes(4).toString("hex").toUpperCase()}`;
process.env.BUS_PARTITIONS = "4";

afterAll(async () => {
  await closeReaders();
  const o = natsOptions();
  const { jsm } = await nats(o.url);
  for (const kind of ["events", "membership", "journeys"] as const) await jsm.streams.delete(streamName(o, kind)).catch(() => undefined);
  await closeNats();
  delete process.env.BUS;
  await Promise.all([closePool(), disconnectDb()]);
});

const ACTOR = { type: "system" as const, label: "journeys over NATS test" };
const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config }) as Graph["nodes"][number];

describe("journeys with BUS=nats", () => {
  it("starts an event-triggered journey from the journeys stream, once per event even when the relay repeats itself", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const graph = { nodes: [n("t", "trigger", { kind: "event", event: "Visited", filters: [] }), n("x", "exit")], edges: [{ id: "t-x", source: "t", target: "x", sourceHandle: "next" }] };
    const draft = await createJourney({ workspaceId: ws, actor: ACTOR, input: saveJourneySchema.parse({ name: uniq("Journey"), graph, settings: { reentry: { mode: "always" } } }) });
    const j = await publishJourney({ workspaceId: ws, actor: ACTOR, journeyId: draft.id });
    const now = new Date();
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: [parseMessage({ type: "track", userId: "vi", event: "Visited", messageId: uniq("m"), timestamp: now.toISOString() }, { receivedAt: now })] });

    // Routed through the outbox, not the inbox.
    expect(await processInbox(now, 1000, ws)).toBe(0);
    const states = async () => Number((await pool().query<{ n: string }>("SELECT count(*) AS n FROM journey_states WHERE journey_id = $1", [j.id])).rows[0]!.n);
    // The outbox shows a commit once no older transaction runs on the server (other databases' included): relay until it has.
    const end = Date.now() + 20_000;
    while ((await states()) === 0 && Date.now() < end) {
      await relayOutbox(natsOptions());
      await processTriggers(now);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await states()).toBe(1);

    // A relay that died before moving its cursor publishes again: JetStream drops the copy, nobody enters twice.
    await pool().query("DELETE FROM bus_cursors WHERE consumer = 'nats-relay'");
    await relayOutbox(natsOptions());
    for (let i = 0; i < 5; i++) await processTriggers(now);
    expect(await states()).toBe(1);
  });
});
