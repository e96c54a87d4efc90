import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { deleteModel, getModel, listJobs, listVersions, updateModel } from "@/lib/ml";

/** The model, its versions with their metrics, and its recent training and scoring jobs. */
export const GET = withWorkspace("models:read", async ({ ctx, params }) => {
  const opts = { workspaceId: ctx.workspaceId, modelId: params.id! };
  const [model, versions, jobs] = await Promise.all([getModel(opts), listVersions(opts), listJobs(opts)]);
  return json({ model, versions, jobs });
});

/** Changes what the model learns from; the next training uses it. */
export const PUT = withWorkspace("models:write", async ({ req, ctx, params }) => json({ model: await updateModel({ workspaceId: ctx.workspaceId, actor: ctx.actor, modelId: params.id!, input: await readJson(req) }) }));

export const DELETE = withWorkspace("models:write", async ({ ctx, params }) => {
  await deleteModel({ workspaceId: ctx.workspaceId, actor: ctx.actor, modelId: params.id! });
  return json({ deleted: true });
});
