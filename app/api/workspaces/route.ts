import { withUser } from "@/app/_server/handlers";
import { clientIp, json, parseInput, readJson } from "@/app/_server/respond";
import { WORKSPACE_COOKIE, workspaceCookieOptions } from "@/app/_server/session";
import { createWorkspace, createWorkspaceSchema, listWorkspacesForUser } from "@/lib/workspaces";

export const GET = withUser(async ({ user }) => json({ workspaces: await listWorkspacesForUser(user.id) }));

/** Any signed-in person may start a workspace of their own; they become its Owner and switch to it. */
export const POST = withUser(async ({ req, user }) => {
  const { name } = parseInput(createWorkspaceSchema, await readJson(req));
  const workspace = await createWorkspace({ userId: user.id, name, actor: { type: "user", id: user.id, label: user.email, ip: clientIp(req) } });
  const res = json({ workspace }, { status: 201 });
  res.cookies.set(WORKSPACE_COOKIE, workspace.id, workspaceCookieOptions());
  return res;
});
