import { processNextImport } from "../lib/imports";
import type { WorkerRole } from "./role";

let running = true;

/** Runs queued CSV imports one after another; several processes share them (SKIP LOCKED). */
export const imports: WorkerRole = {
  name: "imports",
  async start() {
    const loop = async () => {
      while (running) {
        let worked = false;
        try {
          worked = await processNextImport();
        } catch (e) {
          console.error(`[imports] ${(e as Error).message}`);
        }
        if (!worked) await new Promise((r) => setTimeout(r, 1000));
      }
    };
    void loop();
  },
  async stop() {
    running = false;
  },
};
