import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { listMembers } from "@/lib/segments";

export const GET = withWorkspace("segments:read", async ({ req, ctx, params }) => {
  const q = new URL(req.url).searchParams;
  const page = await listMembers({ workspaceId: ctx.workspaceId, segmentId: params.id!, before: q.get("before") ?? undefined, limit: Number(q.get("limit") ?? 50) || 50 });
  return json(await personalData(ctx, page, { what: "segment members", target: { type: "segment", id: params.id! } }));
});
