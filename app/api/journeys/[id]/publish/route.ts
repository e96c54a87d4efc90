import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { publishJourney } from "@/lib/journeys";

/** Publishes the saved draft as a new version; refused (with the problems, per node) while it is invalid. */
export const POST = withWorkspace("journeys:write", async ({ ctx, params }) => json({ journey: await publishJourney({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id! }) }));
