import { withWorkspace } from "@/app/_server/handlers";
import { exportIsMasked } from "@/app/_server/pii";
import { csvResponse } from "@/app/_server/respond";
import { audienceCsv, getSync } from "@/lib/activation";
import { recordAudit } from "@/lib/audit";
import { piiPolicy } from "@/lib/privacy";

/** The audience exactly as the sync sends it (consent and identifiers applied, mapped), as CSV. Audit-logged. */
export const GET = withWorkspace("destinations:read", async ({ ctx, params }) => {
  const sync = await getSync({ workspaceId: ctx.workspaceId, syncId: params.id! });
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "sync.exported", target: { type: "sync", id: sync.id }, summary: { segment: sync.segmentName, destination: sync.destinationName } });
  const policy = (await exportIsMasked(ctx, "sync audience CSV", { type: "sync", id: sync.id })) ? await piiPolicy(ctx.workspaceId) : undefined;
  return csvResponse(audienceCsv({ workspaceId: ctx.workspaceId, syncId: sync.id, policy }), `${sync.segmentName}-to-${sync.destinationName}`);
});
