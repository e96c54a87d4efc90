import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listFailures } from "@/lib/activation";

export const GET = withWorkspace("destinations:read", async ({ ctx, params }) => json({ failures: await listFailures({ workspaceId: ctx.workspaceId, syncId: params.id! }) }));
