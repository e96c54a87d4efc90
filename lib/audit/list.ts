import { db } from "../db";
import type { AuditEntry, AuditQuery } from "./schema";

export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

/** A page of the workspace's audit log, newest first, filtered by actor, action and date. */
export async function listAuditLog(opts: { workspaceId: string } & AuditQuery): Promise<AuditPage> {
  const rows = await db().auditLog.findMany({
    where: {
      workspaceId: opts.workspaceId,
      ...(opts.actorId ? { actorId: opts.actorId } : {}),
      ...(opts.action ? { action: opts.action } : {}),
      ...(opts.from || opts.to ? { createdAt: { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lte: opts.to } : {}) } } : {}),
      ...(opts.cursor ? { id: { lt: BigInt(opts.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: opts.limit + 1,
  });
  const page = rows.slice(0, opts.limit);
  return {
    entries: page.map((r) => ({
      id: r.id.toString(),
      actorType: r.actorType,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      summary: r.summary,
      ip: r.ip,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** The actors and actions that appear in a workspace's log, for the viewer's filter menus. */
export async function listAuditFacets(opts: { workspaceId: string }) {
  const [actors, actions] = await Promise.all([
    db().auditLog.findMany({
      where: { workspaceId: opts.workspaceId, actorId: { not: null } },
      distinct: ["actorId"],
      select: { actorId: true, actorLabel: true, actorType: true },
      orderBy: { actorId: "asc" },
    }),
    db().auditLog.findMany({
      where: { workspaceId: opts.workspaceId },
      distinct: ["action"],
      select: { action: true },
      orderBy: { action: "asc" },
    }),
  ]);
  return {
    actors: actors.map((a) => ({ id: a.actorId!, label: a.actorLabel, type: a.actorType })),
    actions: actions.map((a) => a.action),
  };
}
