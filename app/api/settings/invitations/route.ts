import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, publicOrigin, readJson } from "@/app/_server/respond";
import { createInvitation, inviteSchema, listInvitations } from "@/lib/workspaces";

export const GET = withWorkspace("members:read", async ({ ctx }) => json({ invitations: await listInvitations({ workspaceId: ctx.workspaceId }) }));

export const POST = withWorkspace("members:write", async ({ req, ctx }) => {
  const input = parseInput(inviteSchema, await readJson(req));
  const result = await createInvitation({ workspaceId: ctx.workspaceId, actor: ctx.actor, actorRole: ctx.role ?? "admin", ...input, baseUrl: publicOrigin(req) });
  return json(result, { status: 201 });
});
