import { FEATURES_CHANNEL, processFeatureQueue, sweepNextWorkspace } from "../lib/ml";
import { loopRole } from "./loop";

/** The feature store: profiles with new events recomputed within moments; everyone once a day (windows age) and when features change. */
export const features = loopRole({
  name: "features",
  channels: [FEATURES_CHANNEL],
  async pass() {
    const queued = await processFeatureQueue();
    if (queued > 0) return true;
    return sweepNextWorkspace();
  },
  idleMs: () => 5_000,
});
