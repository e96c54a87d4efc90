import { BUS_CHANNEL } from "../lib/bus";
import { JOURNEYS_CHANNEL, nextDueAt, processDue, processInbox, processMembership } from "../lib/journeys";
import { loopRole } from "./loop";

const MAX_IDLE_MS = 2_000;

/**
 * The journey engine: entries from segment changes and events, awaited events and goals, then
 * every state whose moment has come. Idle, it sleeps until the next timer or a notification.
 */
export const journeys = loopRole({
  name: "journeys",
  // Woken when ingestion routes events to the inbox or the bus carries membership changes.
  channels: [JOURNEYS_CHANNEL, BUS_CHANNEL],
  async pass() {
    const entered = await processMembership();
    const events = await processInbox();
    const due = await processDue();
    return entered > 0 || events > 0 || due.states > 0;
  },
  async idleMs() {
    const next = await nextDueAt();
    return Math.min(MAX_IDLE_MS, next ? next.getTime() - Date.now() : MAX_IDLE_MS);
  },
});
