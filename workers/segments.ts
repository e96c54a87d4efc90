import { Leases } from "../lib/bus";
import { getConfig } from "../lib/config";
import { pool } from "../lib/db/pool";
import { nextDueAt, processDue, processQueue, rebuildNextSegment, SEGMENTS_CHANNEL, tidyQueue } from "../lib/segments";
import { loopRole } from "./loop";
import type { WorkerRole } from "./role";

const MAX_IDLE_MS = 2_000;
/**
 * Time-based flips are gathered for this long before a lane wakes for them: one pass for the many
 * that fall due within it, instead of one pass each (flips stay well within seconds of their
 * moment). New data wakes a lane at once regardless.
 */
const DUE_GATHER_MS = 500;
const DUE_BATCH = 5_000;
const DUE_BITE = 500;
/** How often lane 0 vacuums the queue while there is work (see `tidyQueue`). */
const TIDY_EVERY_MS = 5_000;

/**
 * One lane of the live segment engine: the profiles whose id modulo the lane count is its index,
 * re-evaluated within moments of new data, and flipped when a time-based condition falls due.
 * Lane 0 also builds new and edited segments from history. Idle, a lane sleeps until the next due
 * moment (gathering what falls due within half a second) or a notification (at most 2 s between checks).
 * With several segments processes, each works the lanes it holds (`leases`), and takes over the
 * lanes of one that stops or dies.
 */
function lane(index: number, count: number, leases: Leases): WorkerRole {
  const l = { index, count };
  let lastDue = 0;
  let lastTidy = 0;
  return loopRole({
    name: count > 1 ? `segments/${index}` : "segments",
    // Woken when ingestion queues touched profiles or a segment is saved (NOTIFY at commit).
    channels: [SEGMENTS_CHANNEL],
    async pass() {
      await leases.refresh();
      if (!leases.owned.has(index)) return false;
      const queued = await processQueue({ lane: l });
      if (index === 0 && queued.rows > 0 && Date.now() - lastTidy > TIDY_EVERY_MS) {
        lastTidy = Date.now();
        await tidyQueue(pool());
      }
      // While new data keeps coming, flips are gathered too: a pass for them at most every
      // DUE_GATHER_MS (not one after every small pass over new data), a backlog in small bites.
      if (queued.rows > 0 && Date.now() - lastDue < DUE_GATHER_MS) return true;
      lastDue = Date.now();
      const limit = queued.rows > 0 ? DUE_BITE : DUE_BATCH;
      const due = await processDue({ lane: l, limit });
      // Again at once for new data or a backlog of flips; a few flips wait to be gathered.
      if (queued.rows > 0 || due.rows >= limit) return true;
      return index === 0 ? rebuildNextSegment() : false;
    },
    async idleMs() {
      if (!leases.owned.has(index)) return MAX_IDLE_MS;
      const next = await nextDueAt(l);
      return next ? Math.min(MAX_IDLE_MS, Math.max(DUE_GATHER_MS, next.getTime() - Date.now())) : MAX_IDLE_MS;
    },
  });
}

/**
 * The live segment engine in SEGMENT_LANES lanes side by side (default 2: one per core here),
 * shared among every process running this role (give all of them the same SEGMENT_LANES).
 */
export const segments: WorkerRole = (() => {
  let lanes: WorkerRole[] = [];
  let leases: Leases | null = null;
  return {
    name: "segments",
    async start(boss) {
      const count = getConfig().SEGMENT_LANES;
      leases = new Leases(`segments:lanes:${count}`, count);
      await leases.refresh(true);
      lanes = Array.from({ length: count }, (_, i) => lane(i, count, leases!));
      for (const l of lanes) await l.start(boss);
    },
    async stop() {
      await Promise.all(lanes.map((l) => l.stop?.()));
      await leases?.close();
    },
  };
})();
