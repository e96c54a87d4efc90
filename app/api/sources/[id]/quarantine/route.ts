import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listQuarantine } from "@/lib/sources";

/** Messages held because a transformation step could not handle them, newest first, with the reason. */
export const GET = withWorkspace("sources:read", async ({ ctx, params }) => json(await listQuarantine({ workspaceId: ctx.workspaceId, sourceId: params.id! })));
