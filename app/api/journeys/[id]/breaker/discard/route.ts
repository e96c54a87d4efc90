import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { discardHeldEntries } from "@/lib/journeys";

/** Those who entered while the breaker held the journey leave it without a message; the others go on. */
export const POST = withWorkspace("journeys:write", async ({ ctx, params }) => json(await discardHeldEntries({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id! })));
