import { busKind } from "../lib/bus";
import { natsOptions, nats } from "../lib/bus/nats/client";
import { PartitionedReader } from "../lib/bus/nats/reader";
import { ingestFromStream, wakeSubject } from "../lib/ingest/stream";
import { loopRole } from "./loop";
import type { WorkerRole } from "./role";

const MAX_IDLE_MS = 2_000;
/** Stream messages per partition and pass (each holds one request's events of that partition). */
const BATCH = 20;

/**
 * With BUS=nats, writes the events the HTTP API stored in JetStream to PostgreSQL, in batches, from
 * the partitions this process holds (any number of processes share them; one that dies has its
 * partitions and unacknowledged messages taken over). Woken by the API's poke on NATS.
 */
export const ingest: WorkerRole = (() => {
  let role: WorkerRole | null = null;
  return {
    name: "ingest",
    async start(boss) {
      if (busKind() !== "nats") throw new Error("The ingest role writes events from the NATS stream: run it with BUS=nats (and NATS_URL).");
      const o = natsOptions();
      const reader = new PartitionedReader(o, "events", "ingest");
      role = loopRole({
        name: "ingest",
        channels: [],
        pass: async () => (await ingestFromStream(reader, BATCH)) > 0,
        idleMs: () => Math.min(MAX_IDLE_MS, reader.nextHoldEndsIn() ?? MAX_IDLE_MS),
        async wakeOn(poke) {
          const { nc } = await nats(o.url);
          const sub = nc.subscribe(wakeSubject(o), { callback: () => poke() });
          return async () => sub.unsubscribe();
        },
        close: () => reader.close(),
      });
      await role.start(boss);
    },
    async stop() {
      await role?.stop?.();
    },
  };
})();
