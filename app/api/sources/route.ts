import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createSource, createSourceSchema, listSources } from "@/lib/sources";

export const GET = withWorkspace("sources:read", async ({ ctx }) => json({ sources: await listSources({ workspaceId: ctx.workspaceId }) }));

export const POST = withWorkspace("sources:write", async ({ req, ctx }) => {
  const input = parseInput(createSourceSchema, await readJson(req));
  return json({ source: await createSource({ workspaceId: ctx.workspaceId, actor: ctx.actor, ...input }) }, { status: 201 });
});
