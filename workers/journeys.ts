import { BUS_CHANNEL, busKind } from "../lib/bus";
import { checkJourneyBreakers, JOURNEYS_CHANNEL, nextDueAt, processDue, processInbox, processMembership, processTriggers } from "../lib/journeys";
import { loopRole } from "./loop";

const MAX_IDLE_MS = 2_000;
/** How often journeys whose breaker watches data anomalies are checked against the open ones. */
const BREAKER_EVERY_MS = 30_000;
let breakersAt = 0;

/**
 * The journey engine: entries from segment changes and events, awaited events and goals, then
 * every state whose moment has come. Idle, it sleeps until the next timer or a notification.
 */
export const journeys = loopRole({
  name: "journeys",
  // Woken when ingestion routes events to the inbox or the bus carries membership changes.
  channels: [JOURNEYS_CHANNEL, BUS_CHANNEL],
  async pass() {
    // An anomaly dismissed or opened by a person (or by the quality worker) is seen within 30 seconds.
    if (Date.now() - breakersAt > BREAKER_EVERY_MS) {
      breakersAt = Date.now();
      await checkJourneyBreakers();
    }
    const entered = await processMembership();
    // Events journeys listen for: from the inbox, and with BUS=nats from the journeys stream.
    const events = (busKind() === "nats" ? await processTriggers() : 0) + (await processInbox());
    const due = await processDue();
    return entered > 0 || events > 0 || due.states > 0;
  },
  async idleMs() {
    const next = await nextDueAt();
    return Math.min(MAX_IDLE_MS, next ? next.getTime() - Date.now() : MAX_IDLE_MS);
  },
});
