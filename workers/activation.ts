import pg from "pg";
import { ACTIVATION_CHANNEL, claimRun, executeRun, markMembershipChanges, queueDueSyncs, requeueStale } from "../lib/activation";
import { BUS_CHANNEL } from "../lib/bus";
import type { WorkerRole } from "./role";

const MAX_RUNS = 8;
const PER_DESTINATION = 2;
const MAX_IDLE_MS = 1_000;
let running = true;
let listener: pg.Client | null = null;
let wake: (() => void) | null = null;
let notified = false;
let loopDone: Promise<void> = Promise.resolve();
const active = new Map<string, { destinationId: string; done: Promise<void> }>();
const abort = new AbortController();

function sleep(ms: number): Promise<void> {
  if (notified) {
    notified = false;
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(t);
      wake = null;
      resolve();
    };
  });
}
const poke = () => (wake ? wake() : (notified = true));

async function listen(): Promise<void> {
  listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  listener.on("notification", poke);
  listener.on("error", (e) => {
    console.error(`[activation] listener: ${e.message}; polling until it reconnects`);
    listener = null;
    setTimeout(() => running && void listen().catch(() => undefined), 2_000);
  });
  await listener.connect();
  await listener.query(`LISTEN ${ACTIVATION_CHANNEL}`);
  await listener.query(`LISTEN ${BUS_CHANNEL}`);
}

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
        poke();
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
    await listen();
    let lastHousekeeping = 0;
    const loop = async () => {
      while (running) {
        try {
          notified = false;
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
        await sleep(MAX_IDLE_MS);
      }
    };
    loopDone = loop();
  },
  async stop() {
    running = false;
    wake?.();
    await loopDone;
    abort.abort();
    await Promise.all([...active.values()].map((a) => a.done));
    await listener?.end().catch(() => undefined);
  },
};
