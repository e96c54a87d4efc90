import { BUS_CHANNEL, busKind, relayOutbox } from "../lib/bus";
import type { WorkerRole } from "./role";
import { natsOptions } from "../lib/bus/nats/client";
import { loopRole } from "./loop";

/**
 * With BUS=nats, publishes the PostgreSQL outbox (membership changes, journey triggers) to JetStream as it commits.
 * Several processes may run it: one relays at a time, the others skip.
 */
const loop = loopRole({
  name: "relay",
  channels: [BUS_CHANNEL],
  pass: async () => (await relayOutbox(natsOptions())) > 0,
  idleMs: () => 2_000,
});

export const relay: WorkerRole = {
  name: "relay",
  async start(boss) {
    if (busKind() !== "nats") throw new Error("The relay role publishes to NATS: run it with BUS=nats (and NATS_URL).");
    await loop.start(boss);
  },
  stop: () => loop.stop?.() ?? Promise.resolve(),
};
