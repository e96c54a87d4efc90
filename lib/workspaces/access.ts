import { db } from "../db";
import type { RoleName } from "../auth/permissions";

export type WorkspaceAccess = { workspaceId: string; name: string; slug: string; role: RoleName };

/** Every workspace the user belongs to, with their role in each, oldest first. */
export async function listWorkspacesForUser(userId: string): Promise<WorkspaceAccess[]> {
  const rows = await db().membership.findMany({
    where: { userId },
    include: { workspace: { select: { name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ workspaceId: m.workspaceId, name: m.workspace.name, slug: m.workspace.slug, role: m.role }));
}

/**
 * The workspace a user works in: the requested one if they belong to it, otherwise their first.
 * Null when they belong to none.
 */
export async function resolveWorkspaceForUser(userId: string, requestedId?: string | null): Promise<WorkspaceAccess | null> {
  const all = await listWorkspacesForUser(userId);
  return all.find((w) => w.workspaceId === requestedId) ?? all[0] ?? null;
}
