import { checkJourneyBreakers } from "../lib/journeys";
import { checkWorkspace, workspacesToCheck } from "../lib/quality";
import { loopRole } from "./loop";

const IDLE_MS = 5 * 60_000;

/**
 * Judges each workspace's last complete hour (volume per event and per source, properties, segment
 * sizes) once per hour, then holds the journeys whose breaker watches the anomalies just opened.
 */
export const quality = loopRole({
  name: "quality",
  channels: [],
  async pass() {
    const due = await workspacesToCheck();
    for (const ws of due) {
      const found = await checkWorkspace(ws);
      if (found.length) console.log(`[quality] ${found.length} volume anomalies in workspace ${ws}`);
      const held = await checkJourneyBreakers({ workspaceId: ws });
      if (held) console.log(`[quality] circuit breaker held ${held} journeys in workspace ${ws}`);
    }
    return false;
  },
  idleMs: () => IDLE_MS,
});
