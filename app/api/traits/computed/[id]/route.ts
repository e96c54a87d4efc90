import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { deleteComputedTrait } from "@/lib/profiles";

/** Deletes the definition and removes the value from every profile. */
export const DELETE = withWorkspace("segments:write", async ({ ctx, params }) => {
  await deleteComputedTrait({ workspaceId: ctx.workspaceId, actor: ctx.actor, id: params.id! });
  return json({ deleted: true });
});
