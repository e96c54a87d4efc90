import { buildNextComputed, processComputedQueue, TRAITS_CHANNEL } from "../lib/profiles";
import type { WorkerRole } from "./role";
import { Wakeup } from "./wakeup";

let running = true;
let loopDone: Promise<void> = Promise.resolve();
const wakeup = new Wakeup("traits", [TRAITS_CHANNEL]);

/** Computed traits: recomputed for profiles with new events, built from history when created, windowed ones daily. */
export const traits: WorkerRole = {
  name: "traits",
  async start() {
    await wakeup.listen();
    const loop = async () => {
      while (running) {
        try {
          wakeup.reset();
          const queued = await processComputedQueue();
          const built = await buildNextComputed();
          if (queued > 0 || built) continue;
          await wakeup.sleep(5_000);
        } catch (e) {
          console.error(`[traits] ${(e as Error).message}`);
          await wakeup.sleep(2_000);
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
