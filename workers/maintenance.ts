import { pruneLoginAttempts } from "../lib/auth";
import { pruneBus } from "../lib/bus";
import { ensurePartitionsAhead, pool } from "../lib/db";
import { pruneDedup, pruneRejections } from "../lib/ingest";
import { ensureQueue } from "../lib/jobs";
import { pruneInvitations } from "../lib/workspaces";
import type { WorkerRole } from "./role";

const HOUSEKEEPING = "maintenance.housekeeping";

async function housekeeping() {
  const partitions = await ensurePartitionsAhead(pool());
  const attempts = await pruneLoginAttempts();
  const invitations = await pruneInvitations();
  const dedup = await pruneDedup(pool());
  await pruneRejections(pool());
  const bus = await pruneBus(pool());
  if (bus > 0) console.log(`[maintenance] removed ${bus} bus messages older than 7 days`);
  if (dedup > 0) console.log(`[maintenance] forgot ${dedup} message ids older than the dedup window`);
  if (partitions.length) console.log(`[maintenance] created event partitions ${partitions.join(", ")}`);
  if (attempts + invitations > 0) console.log(`[maintenance] pruned ${attempts} sign-in attempts, ${invitations} expired invitations`);
}

/** Housekeeping at start and every hour: event partitions ahead, old sign-in attempts, long-expired invitations, old dedup ids, old bus messages. */
export const maintenance: WorkerRole = {
  name: "maintenance",
  async start(boss) {
    await ensureQueue(boss, HOUSEKEEPING, { policy: "singleton", retryLimit: 3, retryDelay: 60, retryBackoff: true });
    await boss.schedule(HOUSEKEEPING, "17 * * * *");
    await boss.work(HOUSEKEEPING, housekeeping);
    await boss.send(HOUSEKEEPING, {});
  },
};
