import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { sizeHistory } from "@/lib/segments";

export const GET = withWorkspace("segments:read", async ({ req, ctx, params }) => {
  const days = Number(new URL(req.url).searchParams.get("days") ?? 30) || 30;
  return json({ history: await sizeHistory({ workspaceId: ctx.workspaceId, segmentId: params.id!, days }) });
});
