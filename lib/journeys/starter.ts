import type { Actor } from "../audit";
import { pool } from "../db/pool";
import { saveJourneySchema } from "./schema";
import { createJourney, publishJourney } from "./store";
import { TEMPLATES } from "./templates";

/**
 * The demo workspace's journeys: the abandoned-cart reminder, published (it runs as live events
 * put people in the segment), and a win-back A/B test left as a draft to explore.
 */
export async function createStarterJourneys(opts: { workspaceId: string; actor: Actor }): Promise<void> {
  const { rows: segments } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM segments WHERE workspace_id = $1", [opts.workspaceId]);
  const make = (key: string, name: string, description: string) => {
    const t = TEMPLATES.find((x) => x.key === key)!;
    return createJourney({ ...opts, input: saveJourneySchema.parse({ name, description, graph: t.graph(segments), settings: { frequencyCap: { max: 2, per: "week" }, quietHours: { start: "21:00", end: "08:00" } } }) });
  };
  const cart = await make("abandoned-cart", "Abandoned cart reminder", "An hour after a cart is abandoned, remind the people who have not ordered.");
  await publishJourney({ ...opts, journeyId: cart.id });
  await make("win-back", "Win back lapsed buyers", "Two offers against a 10% holdout for customers who stopped buying.");
}
