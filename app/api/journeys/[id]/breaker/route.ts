import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { setJourneyBreaker } from "@/lib/journeys";

/** Sets the journey's circuit breaker: hold on an entry spike or an open data anomaly. */
export const PUT = withWorkspace("journeys:write", async ({ req, ctx, params }) =>
  json({ breaker: await setJourneyBreaker({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id!, input: await readJson(req) }) }),
);
