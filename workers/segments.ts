import { nextDueAt, processDue, processQueue, rebuildNextSegment, SEGMENTS_CHANNEL } from "../lib/segments";
import type { WorkerRole } from "./role";
import { Wakeup } from "./wakeup";

const MAX_IDLE_MS = 2_000;
let running = true;
let loopDone: Promise<void> = Promise.resolve();
// Woken when ingestion queues touched profiles or a segment is saved (NOTIFY at commit).
const wakeup = new Wakeup("segments", [SEGMENTS_CHANNEL]);

/**
 * The live segment engine: profiles touched by new data re-evaluated within moments, time-based
 * conditions flipped when due, new and edited segments built from history. Idle, it sleeps until
 * the next due moment or a notification (at most 2 s between checks).
 */
export const segments: WorkerRole = {
  name: "segments",
  async start() {
    await wakeup.listen();
    const loop = async () => {
      while (running) {
        try {
          wakeup.reset();
          const queued = await processQueue();
          const due = await processDue();
          if (queued.rows > 0 || due.rows > 0) continue;
          if (await rebuildNextSegment()) continue;
          const next = await nextDueAt();
          await wakeup.sleep(Math.max(0, Math.min(MAX_IDLE_MS, next ? next.getTime() - Date.now() : MAX_IDLE_MS)));
        } catch (e) {
          console.error(`[segments] ${(e as Error).message}`);
          await wakeup.sleep(1000);
        }
      }
    };
    loopDone = loop();
  },
  async stop() {
    running = false;
    wakeup.poke();
    await loopDone; // the pass in flight finishes (or rolls back) before the pool closes
    await wakeup.close();
  },
};
