import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { deleteDashboard, getDashboard, saveDashboardSchema, updateDashboard } from "@/lib/analytics";

export const GET = withWorkspace("dashboards:read", async ({ ctx, params }) => json({ dashboard: await getDashboard({ workspaceId: ctx.workspaceId, dashboardId: params.id! }) }));

/** Name, description and tiles (order, width, height). */
export const PUT = withWorkspace("dashboards:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveDashboardSchema, await readJson(req));
  return json({ dashboard: await updateDashboard({ workspaceId: ctx.workspaceId, actor: ctx.actor, dashboardId: params.id!, input }) });
});

export const DELETE = withWorkspace("dashboards:write", async ({ ctx, params }) => {
  await deleteDashboard({ workspaceId: ctx.workspaceId, actor: ctx.actor, dashboardId: params.id! });
  return json({ deleted: true });
});
