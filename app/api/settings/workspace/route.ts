import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getWorkspaceSettings, updateWorkspaceSettings, workspaceSettingsSchema } from "@/lib/workspaces";

export const GET = withWorkspace("workspace:read", async ({ ctx }) => json({ workspace: await getWorkspaceSettings({ workspaceId: ctx.workspaceId }) }));

export const PATCH = withWorkspace("workspace:write", async ({ req, ctx }) => {
  const input = parseInput(workspaceSettingsSchema, await readJson(req));
  return json({ workspace: await updateWorkspaceSettings({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) });
});
