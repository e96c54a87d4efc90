import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getDatabaseSource, saveDatabaseSource, saveDatabaseSourceSchema } from "@/lib/sources";

/** The database source's settings (never the connection URL), cursor and run history. */
export const GET = withWorkspace("sources:read", async ({ ctx, params }) => json({ database: await getDatabaseSource({ workspaceId: ctx.workspaceId, sourceId: params.id! }) }));

export const PUT = withWorkspace("sources:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveDatabaseSourceSchema, await readJson(req));
  return json({ database: await saveDatabaseSource({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, input }) });
});
