import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { revokeInvitation } from "@/lib/workspaces";

export const DELETE = withWorkspace("members:write", async ({ ctx, params }) => {
  await revokeInvitation({ workspaceId: ctx.workspaceId, actor: ctx.actor, invitationId: params.id! });
  return json({ ok: true });
});
