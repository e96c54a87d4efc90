import { db } from "../db";
import { recordAudit, type Actor } from "../audit";
import { AppError } from "../errors";
import type { WorkspaceSettingsInput } from "./schema";

export type WorkspaceSettings = WorkspaceSettingsInput & { id: string; slug: string; createdAt: string };

export async function getWorkspaceSettings(opts: { workspaceId: string }): Promise<WorkspaceSettings> {
  const w = await db().workspace.findUnique({ where: { id: opts.workspaceId } });
  if (!w) throw new AppError("not_found", "This workspace no longer exists.");
  return { id: w.id, slug: w.slug, name: w.name, timezone: w.timezone, currency: w.currency, locale: w.locale, identityTraits: w.identityTraits, createdAt: w.createdAt.toISOString() };
}

export async function updateWorkspaceSettings(opts: { workspaceId: string; actor: Actor; input: WorkspaceSettingsInput }): Promise<WorkspaceSettings> {
  return db().$transaction(async (tx) => {
    const before = await tx.workspace.findUnique({ where: { id: opts.workspaceId } });
    if (!before) throw new AppError("not_found", "This workspace no longer exists.");
    const after = await tx.workspace.update({ where: { id: opts.workspaceId }, data: opts.input });
    const changes: Record<string, { from: string; to: string }> = {};
    for (const key of ["name", "timezone", "currency", "locale"] as const) {
      if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
    }
    if (before.identityTraits.join(",") !== after.identityTraits.join(",")) {
      changes.identityTraits = { from: before.identityTraits.join(", ") || "none", to: after.identityTraits.join(", ") || "none" };
    }
    if (Object.keys(changes).length > 0) {
      await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "workspace.updated", target: { type: "workspace", id: opts.workspaceId }, summary: changes }, tx);
    }
    return { id: after.id, slug: after.slug, name: after.name, timezone: after.timezone, currency: after.currency, locale: after.locale, identityTraits: after.identityTraits, createdAt: after.createdAt.toISOString() };
  });
}
