import { db, type Tx } from "../db";
import { recordAudit, type Actor } from "../audit";
import { slugify, slugWithSuffix } from "./slug";

export type WorkspaceSummary = { id: string; name: string; slug: string };

async function freeSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await tx.workspace.findUnique({ where: { slug: base }, select: { id: true } });
  return taken ? slugWithSuffix(name) : base;
}

/** Creates a workspace with `userId` as its Owner, inside `tx` when given. */
export async function createWorkspace(
  opts: { userId: string; name: string; actor: Actor },
  tx?: Tx,
): Promise<WorkspaceSummary> {
  const run = async (t: Tx) => {
    const workspace = await t.workspace.create({
      data: { name: opts.name, slug: await freeSlug(t, opts.name), memberships: { create: { userId: opts.userId, role: "owner" } } },
      select: { id: true, name: true, slug: true },
    });
    await recordAudit(
      { workspaceId: workspace.id, actor: opts.actor, action: "workspace.created", target: { type: "workspace", id: workspace.id }, summary: { name: opts.name } },
      t,
    );
    return workspace;
  };
  return tx ? run(tx) : db().$transaction(run);
}
