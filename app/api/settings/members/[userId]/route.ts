import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import type { RoleName } from "@/lib/auth";
import { changeMemberRole, changeRoleSchema, removeMember } from "@/lib/workspaces";

// API keys act as Admins here: they can manage members but never grant or remove ownership.
const actorRole = (role: RoleName | null): RoleName => role ?? "admin";

export const PATCH = withWorkspace("members:write", async ({ req, ctx, params }) => {
  const { role } = parseInput(changeRoleSchema, await readJson(req));
  const members = await changeMemberRole({ workspaceId: ctx.workspaceId, actor: ctx.actor, actorRole: actorRole(ctx.role), userId: params.userId!, role });
  return json({ members });
});

export const DELETE = withWorkspace("members:write", async ({ ctx, params }) => {
  await removeMember({ workspaceId: ctx.workspaceId, actor: ctx.actor, actorRole: actorRole(ctx.role), userId: params.userId! });
  return json({ ok: true });
});
