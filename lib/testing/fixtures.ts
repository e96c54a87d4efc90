import { randomBytes } from "node:crypto";
import { db } from "../db";
import type { Actor } from "../audit";
import type { RoleName } from "../auth/permissions";
import { createWorkspace } from "../workspaces/create";

/** Test fixtures against the real database: unique names so files never collide. */
export const uniq = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

// A bcrypt hash of "correct horse battery" at cost 4: fast fixtures, same verification path.
export const FIXTURE_PASSWORD = "correct horse battery";
const FIXTURE_HASH = "$2b$04$p.Obj.92LE2BnBQCBkpVCOAlzUG8KFT3ZfLBvXFNcCg1PpQ7cEsCW";

export async function makeUser(opts: { email?: string; name?: string; passwordHash?: string } = {}) {
  return db().user.create({
    data: { email: opts.email ?? `${uniq("user")}@example.com`, name: opts.name ?? "Test Person", passwordHash: opts.passwordHash ?? FIXTURE_HASH },
  });
}

export function userActor(user: { id: string; email: string }): Actor {
  return { type: "user", id: user.id, label: user.email, ip: "127.0.0.1" };
}

/** A workspace with an Owner, and optionally more members by role. */
export async function makeWorkspace(opts: { name?: string; members?: RoleName[] } = {}) {
  const owner = await makeUser();
  const ws = await createWorkspace({ userId: owner.id, name: opts.name ?? uniq("Workspace"), actor: userActor(owner) });
  const members = [];
  for (const role of opts.members ?? []) {
    const u = await makeUser();
    await db().membership.create({ data: { workspaceId: ws.id, userId: u.id, role } });
    members.push({ user: u, role });
  }
  return { workspace: ws, owner, members };
}
