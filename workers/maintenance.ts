import { pruneLoginAttempts } from "../lib/auth";
import { ensureQueue } from "../lib/jobs";
import { pruneInvitations } from "../lib/workspaces";
import type { WorkerRole } from "./role";

const PRUNE = "maintenance.prune";

/** Housekeeping: old sign-in attempts and long-expired invitations, every hour. */
export const maintenance: WorkerRole = {
  name: "maintenance",
  async start(boss) {
    await ensureQueue(boss, PRUNE, { policy: "singleton", retryLimit: 3, retryDelay: 60, retryBackoff: true });
    await boss.schedule(PRUNE, "17 * * * *");
    await boss.work(PRUNE, async () => {
      const attempts = await pruneLoginAttempts();
      const invitations = await pruneInvitations();
      if (attempts + invitations > 0) console.log(`[maintenance] pruned ${attempts} sign-in attempts, ${invitations} expired invitations`);
    });
  },
};
