import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { retryRequest } from "@/lib/privacy";

export const POST = withWorkspace("privacy:write", async ({ ctx, params }) => json({ request: await retryRequest({ workspaceId: ctx.workspaceId, actor: ctx.actor, requestId: params.id! }) }));
