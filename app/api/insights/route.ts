import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { saveInsightSchema, saveToDashboard } from "@/lib/analytics";

const input = saveInsightSchema.extend({ dashboardId: z.string().min(1).optional(), newDashboardName: z.string().trim().max(200).optional() });

/** Saves an insight onto a dashboard (a new one when no dashboard id is given). */
export const POST = withWorkspace("dashboards:write", async ({ req, ctx }) => {
  const i = parseInput(input, await readJson(req));
  return json(await saveToDashboard({ workspaceId: ctx.workspaceId, actor: ctx.actor, ...i }), { status: 201 });
});
