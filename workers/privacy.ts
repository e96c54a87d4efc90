import { enforceRetention, PRIVACY_CHANNEL, processPrivacyRequest, pruneExports, retentionDue } from "../lib/privacy";
import { loopRole } from "./loop";

const IDLE_MS = 60_000;

/**
 * Data subject requests as soon as they are filed (woken by a notification), expired access
 * exports deleted, and retention policies enforced once an hour.
 */
export const privacy = loopRole({
  name: "privacy",
  channels: [PRIVACY_CHANNEL],
  async pass() {
    if (await processPrivacyRequest()) return true;
    if (await retentionDue()) {
      const runs = await enforceRetention();
      const total = runs.reduce((n, r) => n + r.total, 0);
      if (total) console.log(`[privacy] retention removed ${total} events in ${runs.filter((r) => r.total).length} workspaces`);
      await pruneExports();
    }
    return false;
  },
  idleMs: () => IDLE_MS,
});
