import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { recentChanges } from "@/lib/segments";

export const GET = withWorkspace("segments:read", async ({ req, ctx, params }) => {
  const q = new URL(req.url).searchParams;
  const changes = await recentChanges({ workspaceId: ctx.workspaceId, segmentId: params.id!, includeBackfill: q.get("backfill") === "1", limit: Number(q.get("limit") ?? 50) || 50 });
  return json({ changes: await personalData(ctx, changes, { what: "segment changes", target: { type: "segment", id: params.id! } }) });
});
