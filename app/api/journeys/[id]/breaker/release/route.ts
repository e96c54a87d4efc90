import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { releaseJourney } from "@/lib/journeys";

/** Everyone the breaker held goes on through the journey. */
export const POST = withWorkspace("journeys:write", async ({ ctx, params }) => {
  await releaseJourney({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id! });
  return json({ released: true });
});
