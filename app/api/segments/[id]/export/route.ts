import { withWorkspace } from "@/app/_server/handlers";
import { exportIsMasked } from "@/app/_server/pii";
import { csvResponse } from "@/app/_server/respond";
import { getSegmentOrThrow, membersCsv } from "@/lib/segments";
import { recordAudit } from "@/lib/audit";
import { piiPolicy } from "@/lib/privacy";

/** Every member as CSV, streamed. Exports of people data are audit-logged. */
export const GET = withWorkspace("segments:read", async ({ ctx, params }) => {
  const segment = await getSegmentOrThrow({ workspaceId: ctx.workspaceId, segmentId: params.id! });
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "segment.exported", target: { type: "segment", id: segment.id }, summary: { name: segment.name, members: segment.memberCount } });
  const policy = (await exportIsMasked(ctx, "segment members CSV", { type: "segment", id: segment.id })) ? await piiPolicy(ctx.workspaceId) : undefined;
  return csvResponse(membersCsv({ workspaceId: ctx.workspaceId, segmentId: segment.id, policy }), `${segment.name}-members`);
});
