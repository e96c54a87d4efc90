import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { debuggerFeed } from "@/lib/sources";

export const GET = withWorkspace("sources:read", async ({ ctx, params }) => json({ items: await debuggerFeed({ workspaceId: ctx.workspaceId, sourceId: params.id! }) }));
