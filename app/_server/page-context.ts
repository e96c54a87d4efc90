import { forbidden, notFound, redirect } from "next/navigation";
import { can, type Permission, type RoleName } from "@/lib/auth";
import { isAppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth";
import { listWorkspacesForUser, type WorkspaceAccess } from "@/lib/workspaces";
import { getCurrentWorkspace, getSessionUser } from "./session";

export type PageContext = { user: SessionUser; workspace: WorkspaceAccess; workspaces: WorkspaceAccess[]; role: RoleName };

/** For pages: the signed-in user and workspace, or a redirect to sign in. */
export async function getPageContext(): Promise<PageContext> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  const workspace = await getCurrentWorkspace(user.id);
  if (!workspace) redirect("/no-workspace");
  const workspaces = await listWorkspacesForUser(user.id);
  return { user, workspace, workspaces, role: workspace.role };
}

export function pageCan(ctx: PageContext, p: Permission): boolean {
  return can(ctx.role, p);
}

/** Refuses the page with HTTP 403 and the forbidden screen when the role lacks the permission. */
export function requirePagePermission(ctx: PageContext, p: Permission): void {
  if (!can(ctx.role, p)) forbidden();
}

/** A record the page shows, or the 404 page when it does not exist in this workspace. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}
