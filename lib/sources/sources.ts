import { randomBytes } from "node:crypto";
import { db } from "../db";
import { TtlCache } from "../db/ttl-cache";
import { recordAudit, type Actor } from "../audit";
import { AppError } from "../errors";
import { startWebhookSource } from "./webhook/store";

export type SourceView = { id: string; name: string; kind: string; writeKey: string; allowedOrigins: string[]; createdAt: string; disabledAt: string | null };
export type SourceAuth = { id: string; workspaceId: string; kind: string; allowedOrigins: string[]; disabled: boolean };

const view = (s: { id: string; name: string; kind: string; writeKey: string; allowedOrigins: string[]; createdAt: Date; disabledAt: Date | null }): SourceView => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  writeKey: s.writeKey,
  allowedOrigins: s.allowedOrigins,
  createdAt: s.createdAt.toISOString(),
  disabledAt: s.disabledAt?.toISOString() ?? null,
});

export async function listSources(opts: { workspaceId: string }): Promise<SourceView[]> {
  return (await db().source.findMany({ where: { workspaceId: opts.workspaceId }, orderBy: { createdAt: "asc" } })).map(view);
}

/** Creates an HTTP source with a new write key (shown in the UI, like Segment's). */
export async function createSource(opts: { workspaceId: string; actor: Actor; name: string; allowedOrigins?: string[]; kind?: "http" | "webhook" | "database"; preset?: string | null }): Promise<SourceView> {
  const created = await db().$transaction(async (tx) => {
    const s = await tx.source.create({
      data: { workspaceId: opts.workspaceId, name: opts.name, kind: opts.kind ?? "http", writeKey: randomBytes(24).toString("base64url"), allowedOrigins: opts.allowedOrigins ?? [] },
    });
    await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.created", target: { type: "source", id: s.id }, summary: { name: s.name, kind: s.kind, allowedOrigins: s.allowedOrigins } }, tx);
    return view(s);
  });
  if (created.kind === "webhook") await startWebhookSource(opts.workspaceId, created.id, opts.preset ?? null);
  return created;
}

export async function disableSource(opts: { workspaceId: string; actor: Actor; sourceId: string }): Promise<SourceView> {
  return db().$transaction(async (tx) => {
    const s = await tx.source.findFirst({ where: { id: opts.sourceId, workspaceId: opts.workspaceId } });
    if (!s) throw new AppError("not_found", "That source does not exist in this workspace.");
    const updated = await tx.source.update({ where: { id: s.id }, data: { disabledAt: s.disabledAt ?? new Date() } });
    await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.disabled", target: { type: "source", id: s.id }, summary: { name: s.name } }, tx);
    cache.delete(s.writeKey);
    return view(updated);
  });
}

const cache = new TtlCache<SourceAuth | null>(5_000);

/** The source of a write key, cached for a few seconds: the ingest hot path asks for it on every request. */
export function sourceByWriteKey(writeKey: string, now = Date.now()): Promise<SourceAuth | null> {
  return cache.get(
    writeKey,
    async () => {
      const s = await db().source.findUnique({ where: { writeKey } });
      return s ? { id: s.id, workspaceId: s.workspaceId, kind: s.kind, allowedOrigins: s.allowedOrigins, disabled: Boolean(s.disabledAt) } : null;
    },
    now,
  );
}
