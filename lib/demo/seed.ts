import { db } from "../db";
import { hashPassword } from "../auth/password";
import { createWorkspace } from "../workspaces/create";

export const DEMO_OWNER_EMAIL = "owner@demo.northstar.local";
export const DEMO_WORKSPACE_NAME = "Demo Store";

export type SeedResult = { created: boolean; email: string; workspaceId: string };

/**
 * Seeds the demo workspace and its Owner once. A second run finds the owner and changes nothing.
 */
export async function seedDemoWorkspace(opts: { password: string }): Promise<SeedResult> {
  const existing = await db().user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, include: { memberships: true } });
  if (existing) {
    return { created: false, email: DEMO_OWNER_EMAIL, workspaceId: existing.memberships[0]?.workspaceId ?? "" };
  }
  const passwordHash = await hashPassword(opts.password);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7428191)`;
    const again = await tx.user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, include: { memberships: true } });
    if (again) return { created: false, email: DEMO_OWNER_EMAIL, workspaceId: again.memberships[0]?.workspaceId ?? "" };
    const user = await tx.user.create({ data: { email: DEMO_OWNER_EMAIL, name: "Demo Owner", passwordHash } });
    const ws = await createWorkspace({ userId: user.id, name: DEMO_WORKSPACE_NAME, actor: { type: "system", label: "demo seed" } }, tx);
    return { created: true, email: DEMO_OWNER_EMAIL, workspaceId: ws.id };
  });
}
