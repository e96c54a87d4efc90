import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { trainNow } from "@/lib/ml";

/** Queues a training now; the new version replaces the current one only if at least as good. */
export const POST = withWorkspace("models:write", async ({ ctx, params }) => json({ job: await trainNow({ workspaceId: ctx.workspaceId, actor: ctx.actor, modelId: params.id! }) }, { status: 202 }));
