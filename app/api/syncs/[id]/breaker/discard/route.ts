import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { discardHeld } from "@/lib/activation";

/** Drops what the breaker held: nothing is sent and the sync pauses until someone resumes it. */
export const POST = withWorkspace("destinations:write", async ({ ctx, params }) => {
  await discardHeld({ workspaceId: ctx.workspaceId, actor: ctx.actor, syncId: params.id! });
  return json({ ok: true });
});
