import { db } from "../db";
import { AppError } from "../errors";
import { createWorkspace } from "../workspaces/create";
import { hashPassword, verifyPassword } from "./password";
import { assertLoginAllowed, recordLoginAttempt } from "./rate-limit";
import type { SignUpInput } from "./schema";

export type SessionUser = { id: string; email: string; name: string };

/** True while nobody has an account: the only time the sign-up page is open. */
export async function isInstallEmpty(): Promise<boolean> {
  return (await db().user.count()) === 0;
}

/**
 * Creates the first Owner and their workspace. Refused once any account exists: later people join
 * by invitation. A transaction-scoped advisory lock makes two simultaneous sign-ups safe.
 */
export async function signUpFirstOwner(input: SignUpInput & { ip?: string | null }): Promise<{ user: SessionUser; workspaceId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7428190)`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("forbidden", "This install already has an owner. Ask them to invite you from Settings → Members.");
    }
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    const workspace = await createWorkspace(
      { userId: user.id, name: input.workspaceName, actor: { type: "user", id: user.id, label: user.email, ip: input.ip } },
      tx,
    );
    return { user: { id: user.id, email: user.email, name: user.name }, workspaceId: workspace.id };
  });
}

/** Checks email and password, with per-account and per-address rate limits. */
export async function authenticate(opts: { email: string; password: string; ip: string }): Promise<SessionUser> {
  const email = opts.email.trim().toLowerCase();
  await assertLoginAllowed({ email, ip: opts.ip });
  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(opts.password, user?.passwordHash);
  await recordLoginAttempt({ email, ip: opts.ip, success: ok });
  if (!user || !ok) throw new AppError("unauthorized", "Email or password is incorrect.");
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name };
}

export async function getUser(userId: string): Promise<SessionUser | null> {
  const u = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
  return u;
}
