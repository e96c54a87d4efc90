import { ML_CHANNEL, runNextJob, scheduleModels } from "../lib/ml";
import { loopRole } from "./loop";

const SCHEDULE_EVERY_MS = 5 * 60_000;
let scheduledAt = 0;

/** Model training and scoring jobs, one at a time; retraining on schedule and daily rescoring. */
export const ml = loopRole({
  name: "ml",
  channels: [ML_CHANNEL],
  async pass() {
    if (Date.now() - scheduledAt > SCHEDULE_EVERY_MS) {
      scheduledAt = Date.now();
      await scheduleModels();
    }
    return runNextJob();
  },
  idleMs: () => 10_000,
});
