import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getInsight, saveInsightSchema, updateInsight } from "@/lib/analytics";

export const GET = withWorkspace("dashboards:read", async ({ ctx, params }) => json({ insight: await getInsight({ workspaceId: ctx.workspaceId, insightId: params.id! }) }));

export const PUT = withWorkspace("dashboards:write", async ({ req, ctx, params }) => {
  const i = parseInput(saveInsightSchema, await readJson(req));
  return json({ insight: await updateInsight({ workspaceId: ctx.workspaceId, actor: ctx.actor, insightId: params.id!, ...i }) });
});
