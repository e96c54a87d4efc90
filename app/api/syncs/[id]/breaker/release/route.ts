import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { releaseHeld } from "@/lib/activation";

/** Sends what the breaker held: one full run without the check, and the sync is active again. */
export const POST = withWorkspace("destinations:write", async ({ ctx, params }) => {
  await releaseHeld({ workspaceId: ctx.workspaceId, actor: ctx.actor, syncId: params.id! });
  return json({ ok: true });
});
