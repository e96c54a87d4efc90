import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { testDestination } from "@/lib/activation";

/** Tries the saved credentials; the answer says what the destination said. */
export const POST = withWorkspace("destinations:write", async ({ ctx, params }) => json(await testDestination({ workspaceId: ctx.workspaceId, actor: ctx.actor, destinationId: params.id! })));
