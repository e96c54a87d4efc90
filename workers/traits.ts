import { buildNextComputed, processComputedQueue, TRAITS_CHANNEL } from "../lib/profiles";
import { loopRole } from "./loop";

/** Computed traits: recomputed for profiles with new events, built from history when created, windowed ones daily. */
export const traits = loopRole({
  name: "traits",
  channels: [TRAITS_CHANNEL],
  async pass() {
    const queued = await processComputedQueue();
    const built = await buildNextComputed();
    return queued > 0 || built;
  },
  idleMs: () => 5_000,
});
