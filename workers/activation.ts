import { ACTIVATION_CHANNEL, claimRun, executeRun, markMembershipChanges, queueDueSyncs, requeueStale } from "../lib/activation";
import { BUS_CHANNEL } from "../lib/bus";
import type { WorkerRole } from "./role";
import { Wakeup } from "./wakeup";

const MAX_RUNS = 8;
const PER_DESTINATION = 2;
const MAX_IDLE_MS = 1_000;
let running = true;
let loopDone: Promise<void> = Promise.resolve();
const active = new Map<string, { destinationId: string; done: Promise<void> }>();
const abort = new AbortController();
// Woken when a run is queued or the segment engine publishes membership changes.
const wakeup = new Wakeup("activation", [ACTIVATION_CHANNEL, BUS_CHANNEL]);

/** Starts queued runs until the worker is full; each runs on its own so a slow destination holds only its own runs. */
async function startRuns(): Promise<void> {
  while (running && active.size < MAX_RUNS) {
    const perDestination = new Map<string, number>();
    for (const a of active.values()) perDestination.set(a.destinationId, (perDestination.get(a.destinationId) ?? 0) + 1);
    const busy = [...perDestination].filter(([, n]) => n >= PER_DESTINATION).map(([d]) => d);
    const run = await claimRun({ busyDestinations: busy });
    if (!run) return;
    const done = executeRun(run, { signal: abort.signal })
      .catch((e) => console.error(`[activation] run ${run.id}: ${(e as Error).message}`))
      .finally(() => {
        active.delete(run.id);
        wakeup.poke();
      });
    active.set(run.id, { destinationId: run.destinationId, done });
  }
}

/**
 * Activation: membership changes become real-time runs within moments, schedules queue full runs,
 * runs of dead workers are taken over, and up to eight runs send at once.
 */
export const activation: WorkerRole = {
  name: "activation",
  async start() {
    await wakeup.listen();
    let lastHousekeeping = 0;
    const loop = async () => {
      while (running) {
        try {
          wakeup.reset();
          while ((await markMembershipChanges()) > 0) {
            // keep marking until the bus is drained
          }
          if (Date.now() - lastHousekeeping > 5_000) {
            lastHousekeeping = Date.now();
            await requeueStale();
            await queueDueSyncs();
          }
          await startRuns();
        } catch (e) {
          console.error(`[activation] ${(e as Error).message}`);
        }
        await wakeup.sleep(MAX_IDLE_MS);
      }
    };
    loopDone = loop();
  },
  async stop() {
    running = false;
    wakeup.poke();
    await loopDone;
    abort.abort();
    await Promise.all([...active.values()].map((a) => a.done));
    await wakeup.close();
  },
};
