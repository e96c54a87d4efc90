import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createSync, listSyncs, saveSyncSchema } from "@/lib/activation";

export const GET = withWorkspace("destinations:read", async ({ req, ctx }) => {
  const url = new URL(req.url);
  return json({ syncs: await listSyncs({ workspaceId: ctx.workspaceId, destinationId: url.searchParams.get("destinationId") ?? undefined, segmentId: url.searchParams.get("segmentId") ?? undefined }) });
});

/** Creates the sync and queues its first, full run. */
export const POST = withWorkspace("destinations:write", async ({ req, ctx }) => {
  const input = parseInput(saveSyncSchema, await readJson(req));
  return json({ sync: await createSync({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) }, { status: 201 });
});
