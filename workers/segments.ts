import pg from "pg";
import { nextDueAt, processDue, processQueue, rebuildNextSegment, SEGMENTS_CHANNEL } from "../lib/segments";
import type { WorkerRole } from "./role";

const MAX_IDLE_MS = 2_000;
let running = true;
let loopDone: Promise<void> = Promise.resolve();
let listener: pg.Client | null = null;
let wake: (() => void) | null = null;
let notified = false;

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

/** Wakes the loop when ingestion queues touched profiles or a segment is saved (NOTIFY at commit). */
async function listen(): Promise<void> {
  listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  listener.on("notification", () => {
    if (wake) wake();
    else notified = true;
  });
  listener.on("error", (e) => {
    console.error(`[segments] listener: ${e.message}; polling until it reconnects`);
    listener = null;
    setTimeout(() => running && void listen().catch(() => undefined), 2_000);
  });
  await listener.connect();
  await listener.query(`LISTEN ${SEGMENTS_CHANNEL}`);
}

/**
 * The live segment engine: profiles touched by new data re-evaluated within moments, time-based
 * conditions flipped when due, new and edited segments built from history. Idle, it sleeps until
 * the next due moment or a notification (at most 2 s between checks).
 */
export const segments: WorkerRole = {
  name: "segments",
  async start() {
    await listen();
    const loop = async () => {
      while (running) {
        try {
          notified = false;
          const queued = await processQueue();
          const due = await processDue();
          if (queued.rows > 0 || due.rows > 0) continue;
          if (await rebuildNextSegment()) continue;
          const next = await nextDueAt();
          await sleep(Math.max(0, Math.min(MAX_IDLE_MS, next ? next.getTime() - Date.now() : MAX_IDLE_MS)));
        } catch (e) {
          console.error(`[segments] ${(e as Error).message}`);
          await sleep(1000);
        }
      }
    };
    loopDone = loop();
  },
  async stop() {
    running = false;
    wake?.();
    await loopDone; // the pass in flight finishes (or rolls back) before the pool closes
    await listener?.end().catch(() => undefined);
  },
};
