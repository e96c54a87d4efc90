import { attributeConversions } from "../lib/ml";
import { loopRole } from "./loop";

/** Conversion events credited to the decisions that showed the offer, every second: the bandit learns as customers act. */
export const decisions = loopRole({
  name: "decisions",
  channels: [],
  async pass() {
    await attributeConversions();
    return false;
  },
  idleMs: () => 1_000,
});
