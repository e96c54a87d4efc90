import { z } from "zod";
import { withUser } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { WORKSPACE_COOKIE, workspaceCookieOptions } from "@/app/_server/session";
import { AppError } from "@/lib/errors";
import { listWorkspacesForUser } from "@/lib/workspaces";

const schema = z.object({ workspaceId: z.string().min(1, "Choose a workspace") });

export const POST = withUser(async ({ req, user }) => {
  const { workspaceId } = parseInput(schema, await readJson(req));
  const target = (await listWorkspacesForUser(user.id)).find((w) => w.workspaceId === workspaceId);
  if (!target) throw new AppError("forbidden", "You are not a member of that workspace.");
  const res = json({ workspace: target });
  res.cookies.set(WORKSPACE_COOKIE, workspaceId, workspaceCookieOptions());
  return res;
});
