import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { deleteSync, getSync, saveSyncSchema, setSyncStatus, updateSync } from "@/lib/activation";

export const GET = withWorkspace("destinations:read", async ({ ctx, params }) => json({ sync: await getSync({ workspaceId: ctx.workspaceId, syncId: params.id! }) }));

export const PUT = withWorkspace("destinations:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveSyncSchema, await readJson(req));
  return json({ sync: await updateSync({ workspaceId: ctx.workspaceId, actor: ctx.actor, syncId: params.id!, input }) });
});

/** Pause or resume. */
export const PATCH = withWorkspace("destinations:write", async ({ req, ctx, params }) => {
  const { status } = parseInput(z.object({ status: z.enum(["active", "paused"], { error: "status is active or paused" }) }), await readJson(req));
  return json({ sync: await setSyncStatus({ workspaceId: ctx.workspaceId, actor: ctx.actor, syncId: params.id!, status }) });
});

export const DELETE = withWorkspace("destinations:write", async ({ ctx, params }) => {
  await deleteSync({ workspaceId: ctx.workspaceId, actor: ctx.actor, syncId: params.id! });
  return json({ deleted: true });
});
