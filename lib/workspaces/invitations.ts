import { db } from "../db";
import { recordAudit, type Actor } from "../audit";
import { canAssignRole, ROLE_LABELS, type RoleName } from "../auth/permissions";
import { hashPassword } from "../auth/password";
import { randomToken, sha256Hex } from "../crypto/tokens";
import { AppError } from "../errors";
import { sendMail } from "../mail";

export const INVITATION_TTL_DAYS = 7;

export type PendingInvitation = { id: string; email: string; role: RoleName; expiresAt: string; createdAt: string; expired: boolean };

export async function listInvitations(opts: { workspaceId: string; now?: Date }): Promise<PendingInvitation[]> {
  const now = opts.now ?? new Date();
  const rows = await db().invitation.findMany({
    where: { workspaceId: opts.workspaceId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString(), expired: i.expiresAt <= now }));
}

/**
 * Invites an email with a role. Any earlier pending invitation for the same email is replaced.
 * Returns the link (shown once in the UI) and whether it was mailed.
 */
export async function createInvitation(opts: {
  workspaceId: string;
  actor: Actor;
  actorRole: RoleName;
  email: string;
  role: RoleName;
  baseUrl: string;
}): Promise<{ invitation: PendingInvitation; link: string; mailed: boolean }> {
  if (!canAssignRole(opts.actorRole, opts.role)) throw new AppError("forbidden", "Only an Owner can invite another Owner.");
  const token = randomToken("inv", 24);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  const { invitation, workspaceName } = await db().$transaction(async (tx) => {
    const existing = await tx.membership.findFirst({ where: { workspaceId: opts.workspaceId, user: { email: opts.email } } });
    if (existing) throw new AppError("conflict", `${opts.email} is already a member of this workspace.`);
    await tx.invitation.updateMany({
      where: { workspaceId: opts.workspaceId, email: opts.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: { workspaceId: opts.workspaceId, email: opts.email, role: opts.role, tokenHash: sha256Hex(token), invitedById: opts.actor.id ?? null, expiresAt },
    });
    await recordAudit(
      { workspaceId: opts.workspaceId, actor: opts.actor, action: "member.invited", target: { type: "invitation", id: invitation.id }, summary: { email: opts.email, role: ROLE_LABELS[opts.role] } },
      tx,
    );
    const ws = await tx.workspace.findUniqueOrThrow({ where: { id: opts.workspaceId }, select: { name: true } });
    return { invitation, workspaceName: ws.name };
  });
  const link = `${opts.baseUrl.replace(/\/$/, "")}/invite/${token}`;
  let mailed = false;
  try {
    mailed = await sendMail({
      to: opts.email,
      subject: `You're invited to ${workspaceName} on Northstar`,
      text: `${opts.actor.label} invited you to join ${workspaceName} on Northstar as ${ROLE_LABELS[opts.role]}.\n\nAccept the invitation: ${link}\n\nThe link expires in ${INVITATION_TTL_DAYS} days.`,
    });
  } catch (e) {
    console.warn(`[mail] could not send the invitation to ${opts.email}: ${(e as Error).message}`);
  }
  return {
    invitation: { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString(), createdAt: invitation.createdAt.toISOString(), expired: false },
    link,
    mailed,
  };
}

export async function revokeInvitation(opts: { workspaceId: string; actor: Actor; invitationId: string }): Promise<void> {
  await db().$transaction(async (tx) => {
    const inv = await tx.invitation.findFirst({ where: { id: opts.invitationId, workspaceId: opts.workspaceId, acceptedAt: null, revokedAt: null } });
    if (!inv) throw new AppError("not_found", "That invitation does not exist or was already used.");
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "invitation.revoked", target: { type: "invitation", id: inv.id }, summary: { email: inv.email } }, tx);
  });
}

export type InvitationView = {
  status: "valid" | "expired" | "used" | "revoked";
  email: string;
  role: RoleName;
  workspaceName: string;
  accountExists: boolean;
};

/** What the invite page shows for a token, or null when the token is unknown. */
export async function getInvitationByToken(token: string, now = new Date()): Promise<InvitationView | null> {
  const inv = await db().invitation.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { workspace: { select: { name: true } } } });
  if (!inv) return null;
  const user = await db().user.findUnique({ where: { email: inv.email }, select: { id: true } });
  const status = inv.acceptedAt ? "used" : inv.revokedAt ? "revoked" : inv.expiresAt <= now ? "expired" : "valid";
  return { status, email: inv.email, role: inv.role, workspaceName: inv.workspace.name, accountExists: Boolean(user) };
}

/**
 * Accepts an invitation: either as the signed-in user whose email matches, or by creating the
 * account for the invited email. Returns the workspace joined and the user.
 */
export async function acceptInvitation(opts: {
  token: string;
  signedInUserId?: string | null;
  newAccount?: { name: string; password: string };
  ip?: string | null;
  now?: Date;
}): Promise<{ workspaceId: string; userId: string; email: string }> {
  const now = opts.now ?? new Date();
  const passwordHash = opts.newAccount ? await hashPassword(opts.newAccount.password) : null;
  return db().$transaction(async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tokenHash: sha256Hex(opts.token) } });
    if (!inv) throw new AppError("not_found", "This invitation link is not valid. Ask the person who invited you for a new one.");
    if (inv.acceptedAt) throw new AppError("gone", "This invitation was already used. Sign in instead.");
    if (inv.revokedAt) throw new AppError("gone", "This invitation was withdrawn. Ask the person who invited you for a new one.");
    if (inv.expiresAt <= now) throw new AppError("gone", "This invitation has expired. Ask the person who invited you for a new one.");
    // Claim it first: a concurrent accept of the same token finds it taken.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (claimed.count !== 1) throw new AppError("gone", "This invitation was already used. Sign in instead.");

    let user = await tx.user.findUnique({ where: { email: inv.email } });
    if (opts.signedInUserId) {
      if (!user || user.id !== opts.signedInUserId) {
        throw new AppError("forbidden", `This invitation is for ${inv.email}. Sign out and sign in with that account to accept it.`);
      }
    } else if (user) {
      throw new AppError("conflict", `An account for ${inv.email} already exists. Sign in to accept the invitation.`);
    } else {
      if (!opts.newAccount || !passwordHash) throw new AppError("invalid_input", "Enter your name and a password to create your account.");
      user = await tx.user.create({ data: { email: inv.email, name: opts.newAccount.name, passwordHash } });
    }
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: inv.workspaceId, userId: user.id } },
      create: { workspaceId: inv.workspaceId, userId: user.id, role: inv.role },
      update: {},
    });
    await recordAudit(
      {
        workspaceId: inv.workspaceId,
        actor: { type: "user", id: user.id, label: user.email, ip: opts.ip },
        action: "invitation.accepted",
        target: { type: "invitation", id: inv.id },
        summary: { email: user.email, role: ROLE_LABELS[inv.role] },
      },
      tx,
    );
    return { workspaceId: inv.workspaceId, userId: user.id, email: user.email };
  });
}

/** Deletes invitations that expired more than 30 days ago; run by the maintenance worker. */
export async function pruneInvitations(now = new Date()): Promise<number> {
  const { count } = await db().invitation.deleteMany({ where: { acceptedAt: null, expiresAt: { lt: new Date(now.getTime() - 30 * 86_400_000) } } });
  return count;
}
