import { db, type Tx } from "../db";
import { recordAudit, type Actor } from "../audit";
import { canAssignRole, ROLE_LABELS, type RoleName } from "../auth/permissions";
import { AppError } from "../errors";

export type Member = { userId: string; name: string; email: string; role: RoleName; joinedAt: string; lastLoginAt: string | null };

export async function listMembers(opts: { workspaceId: string }): Promise<Member[]> {
  const rows = await db().membership.findMany({
    where: { workspaceId: opts.workspaceId },
    include: { user: { select: { name: true, email: true, lastLoginAt: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt.toISOString(),
    lastLoginAt: m.user.lastLoginAt?.toISOString() ?? null,
  }));
}

/** Locks the workspace's memberships so two concurrent changes cannot both remove the last Owner. */
async function lockMemberships(tx: Tx, workspaceId: string) {
  await tx.$executeRaw`SELECT 1 FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
  const target = await tx.membership.findMany({ where: { workspaceId } });
  return target;
}

function assertKeepsAnOwner(memberships: { userId: string; role: RoleName }[], userId: string, newRole: RoleName | null) {
  const owners = memberships.filter((m) => m.role === "owner");
  const isOwner = owners.some((m) => m.userId === userId);
  if (isOwner && owners.length === 1 && newRole !== "owner") {
    throw new AppError(
      "conflict",
      newRole === null
        ? "This is the workspace's last Owner and cannot be removed. Make another member an Owner first."
        : "This is the workspace's last Owner and cannot be demoted. Make another member an Owner first.",
    );
  }
}

export async function changeMemberRole(opts: { workspaceId: string; actor: Actor; actorRole: RoleName; userId: string; role: RoleName }): Promise<Member[]> {
  await db().$transaction(async (tx) => {
    const memberships = await lockMemberships(tx, opts.workspaceId);
    const target = memberships.find((m) => m.userId === opts.userId);
    if (!target) throw new AppError("not_found", "That person is not a member of this workspace.");
    if (target.role === opts.role) return;
    if (!canAssignRole(opts.actorRole, opts.role) || !canAssignRole(opts.actorRole, target.role)) {
      throw new AppError("forbidden", "Only an Owner can grant or take away the Owner role.");
    }
    assertKeepsAnOwner(memberships, opts.userId, opts.role);
    await tx.membership.update({ where: { id: target.id }, data: { role: opts.role } });
    const user = await tx.user.findUnique({ where: { id: opts.userId }, select: { email: true } });
    await recordAudit(
      {
        workspaceId: opts.workspaceId,
        actor: opts.actor,
        action: "member.role_changed",
        target: { type: "user", id: opts.userId },
        summary: { email: user?.email, from: ROLE_LABELS[target.role], to: ROLE_LABELS[opts.role] },
      },
      tx,
    );
  });
  return listMembers({ workspaceId: opts.workspaceId });
}

export async function removeMember(opts: { workspaceId: string; actor: Actor; actorRole: RoleName; userId: string }): Promise<void> {
  await db().$transaction(async (tx) => {
    const memberships = await lockMemberships(tx, opts.workspaceId);
    const target = memberships.find((m) => m.userId === opts.userId);
    if (!target) throw new AppError("not_found", "That person is not a member of this workspace.");
    if (target.role === "owner" && opts.actorRole !== "owner") {
      throw new AppError("forbidden", "Only an Owner can remove another Owner.");
    }
    assertKeepsAnOwner(memberships, opts.userId, null);
    await tx.membership.delete({ where: { id: target.id } });
    const user = await tx.user.findUnique({ where: { id: opts.userId }, select: { email: true } });
    await recordAudit(
      { workspaceId: opts.workspaceId, actor: opts.actor, action: "member.removed", target: { type: "user", id: opts.userId }, summary: { email: user?.email, role: ROLE_LABELS[target.role] } },
      tx,
    );
  });
}
