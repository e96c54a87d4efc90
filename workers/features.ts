import { FEATURES_CHANNEL, processFeatureQueue, sweepStep } from "../lib/ml";
import { loopRole } from "./loop";

/**
 * The feature store: profiles with new events recomputed within moments; everyone once a day
 * (windows age) and when features change, a batch at a time with the queue handled in between.
 */
export const features = loopRole({
  name: "features",
  channels: [FEATURES_CHANNEL],
  async pass() {
    const queued = await processFeatureQueue();
    if (queued > 0) return true;
    return sweepStep();
  },
  idleMs: () => 5_000,
});
