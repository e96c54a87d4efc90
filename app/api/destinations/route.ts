import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createDestination, listDestinations, saveDestinationSchema } from "@/lib/activation";

export const GET = withWorkspace("destinations:read", async ({ ctx }) => json({ destinations: await listDestinations({ workspaceId: ctx.workspaceId }) }));

export const POST = withWorkspace("destinations:write", async ({ req, ctx }) => {
  const input = parseInput(saveDestinationSchema, await readJson(req));
  return json({ destination: await createDestination({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) }, { status: 201 });
});
