import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { createModel, listModels } from "@/lib/ml";

export const GET = withWorkspace("models:read", async ({ ctx }) => json({ models: await listModels({ workspaceId: ctx.workspaceId }) }));

/** Creates a model and queues its first training. */
export const POST = withWorkspace("models:write", async ({ req, ctx }) => json({ model: await createModel({ workspaceId: ctx.workspaceId, actor: ctx.actor, input: await readJson(req) }) }, { status: 201 }));
