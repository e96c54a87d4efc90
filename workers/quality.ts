import { checkWorkspace, workspacesToCheck } from "../lib/quality";
import { loopRole } from "./loop";

const IDLE_MS = 5 * 60_000;

/** Judges each workspace's last complete hour of event volume against its baseline, once per hour. */
export const quality = loopRole({
  name: "quality",
  channels: [],
  async pass() {
    const due = await workspacesToCheck();
    for (const ws of due) {
      const found = await checkWorkspace(ws);
      if (found.length) console.log(`[quality] ${found.length} volume anomalies in workspace ${ws}`);
    }
    return false;
  },
  idleMs: () => IDLE_MS,
});
