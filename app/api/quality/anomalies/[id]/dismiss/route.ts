import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { dismissAnomaly } from "@/lib/quality";

/** Closes an open anomaly by hand (a known cause, a planned campaign). */
export const POST = withWorkspace("sources:write", async ({ ctx, params }) => {
  await dismissAnomaly({ workspaceId: ctx.workspaceId, actor: ctx.actor, anomalyId: params.id! });
  return json({ ok: true });
});
