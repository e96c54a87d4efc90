import { withWorkspace } from "@/app/_server/handlers";
import { getSegmentOrThrow, membersCsv } from "@/lib/segments";
import { recordAudit } from "@/lib/audit";
import { NextResponse } from "next/server";

/** Every member as CSV, streamed. Exports of people data are audit-logged. */
export const GET = withWorkspace("segments:read", async ({ ctx, params }) => {
  const segment = await getSegmentOrThrow({ workspaceId: ctx.workspaceId, segmentId: params.id! });
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "segment.exported", target: { type: "segment", id: segment.id }, summary: { name: segment.name, members: segment.memberCount } });
  const rows = membersCsv({ workspaceId: ctx.workspaceId, segmentId: segment.id });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await rows.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  const file = `${segment.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase() || "segment"}-members.csv`;
  return new NextResponse(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${file}"` } });
});
