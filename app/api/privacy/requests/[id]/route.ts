import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { getRequest } from "@/lib/privacy";

export const GET = withWorkspace("privacy:read", async ({ ctx, params }) => json({ request: await getRequest({ workspaceId: ctx.workspaceId, requestId: params.id! }) }));
