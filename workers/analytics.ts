import { buildNextBreakdownRollup, buildNextEventPeople, buildNextRollup, foldBreakdownRollups, foldRollups, startCollecting } from "../lib/analytics";
import type { WorkerRole } from "./role";

let running = true;
let loopDone: Promise<void> = Promise.resolve();

/**
 * Keeps the hourly event counts, and those per value of the breakdowns saved insights use: folds
 * what ingestion appended (every 2 s) and counts the history of workspaces and breakdowns that have
 * none yet (new installs, bulk loads, newly saved insights), one at a time.
 */
export const analytics: WorkerRole = {
  name: "analytics",
  async start() {
    const loop = async () => {
      while (running) {
        let busy = false;
        try {
          busy = (await foldRollups()) > 0;
          busy = (await foldBreakdownRollups()) > 0 || busy;
          busy = (await buildNextRollup()) || busy;
          busy = (await startCollecting()) > 0 || busy;
          busy = (await buildNextBreakdownRollup()) || busy;
          busy = (await buildNextEventPeople()) || busy;
        } catch (e) {
          console.error(`[analytics] ${(e as Error).message}`);
        }
        if (!busy) await new Promise((r) => setTimeout(r, 2_000));
      }
    };
    loopDone = loop();
  },
  async stop() {
    running = false;
    await loopDone;
  },
};
