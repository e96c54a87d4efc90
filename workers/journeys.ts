import { BUS_CHANNEL } from "../lib/bus";
import { JOURNEYS_CHANNEL, nextDueAt, processDue, processInbox, processMembership } from "../lib/journeys";
import type { WorkerRole } from "./role";
import { Wakeup } from "./wakeup";

const MAX_IDLE_MS = 2_000;
let running = true;
let loopDone: Promise<void> = Promise.resolve();
// Woken when ingestion routes events to the inbox or the bus carries membership changes.
const wakeup = new Wakeup("journeys", [JOURNEYS_CHANNEL, BUS_CHANNEL]);

/**
 * The journey engine: entries from segment changes and events, awaited events and goals, then
 * every state whose moment has come. Idle, it sleeps until the next timer or a notification.
 */
export const journeys: WorkerRole = {
  name: "journeys",
  async start() {
    await wakeup.listen();
    const loop = async () => {
      while (running) {
        try {
          wakeup.reset();
          const entered = await processMembership();
          const events = await processInbox();
          const due = await processDue();
          if (entered > 0 || events > 0 || due.states > 0) continue;
          const next = await nextDueAt();
          await wakeup.sleep(Math.max(0, Math.min(MAX_IDLE_MS, next ? next.getTime() - Date.now() : MAX_IDLE_MS)));
        } catch (e) {
          console.error(`[journeys] ${(e as Error).message}`);
          await wakeup.sleep(1000);
        }
      }
    };
    loopDone = loop();
  },
  async stop() {
    running = false;
    wakeup.poke();
    await loopDone;
    await wakeup.close();
  },
};
