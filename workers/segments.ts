import { nextDueAt, processDue, processQueue, rebuildNextSegment, SEGMENTS_CHANNEL } from "../lib/segments";
import { loopRole } from "./loop";

const MAX_IDLE_MS = 2_000;

/**
 * The live segment engine: profiles touched by new data re-evaluated within moments, time-based
 * conditions flipped when due, new and edited segments built from history. Idle, it sleeps until
 * the next due moment or a notification (at most 2 s between checks).
 */
export const segments = loopRole({
  name: "segments",
  // Woken when ingestion queues touched profiles or a segment is saved (NOTIFY at commit).
  channels: [SEGMENTS_CHANNEL],
  async pass() {
    const queued = await processQueue();
    const due = await processDue();
    if (queued.rows > 0 || due.rows > 0) return true;
    return rebuildNextSegment();
  },
  async idleMs() {
    const next = await nextDueAt();
    return Math.min(MAX_IDLE_MS, next ? next.getTime() - Date.now() : MAX_IDLE_MS);
  },
});
