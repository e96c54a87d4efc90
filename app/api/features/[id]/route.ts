import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { deleteFeature } from "@/lib/ml";

export const DELETE = withWorkspace("models:write", async ({ ctx, params }) => {
  await deleteFeature({ workspaceId: ctx.workspaceId, actor: ctx.actor, id: params.id! });
  return json({ deleted: true });
});
