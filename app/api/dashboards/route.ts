import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createDashboard, listDashboards, saveDashboardSchema } from "@/lib/analytics";

export const GET = withWorkspace("dashboards:read", async ({ ctx }) => json({ dashboards: await listDashboards({ workspaceId: ctx.workspaceId }) }));

export const POST = withWorkspace("dashboards:write", async ({ req, ctx }) => {
  const input = parseInput(saveDashboardSchema, await readJson(req));
  return json({ dashboard: await createDashboard({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) }, { status: 201 });
});
