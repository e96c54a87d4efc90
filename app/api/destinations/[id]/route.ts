import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { deleteDestination, getDestination, saveDestinationSchema, updateDestination } from "@/lib/activation";

/** Secrets are never returned: only which ones are set. */
export const GET = withWorkspace("destinations:read", async ({ ctx, params }) => json({ destination: await getDestination({ workspaceId: ctx.workspaceId, destinationId: params.id! }) }));

/** Secrets left empty keep their stored value. */
export const PUT = withWorkspace("destinations:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveDestinationSchema, await readJson(req));
  return json({ destination: await updateDestination({ workspaceId: ctx.workspaceId, actor: ctx.actor, destinationId: params.id!, input }) });
});

export const DELETE = withWorkspace("destinations:write", async ({ ctx, params }) => {
  await deleteDestination({ workspaceId: ctx.workspaceId, actor: ctx.actor, destinationId: params.id! });
  return json({ deleted: true });
});
