import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { replayQuarantine } from "@/lib/sources";

/** Sends held messages (all, or the given ids) through ingestion again with the current steps. */
export const POST = withWorkspace("sources:write", async ({ req, ctx, params }) => {
  const { ids } = parseInput(z.object({ ids: z.array(z.string().regex(/^\d+$/)).max(1000).optional() }), await readJson(req));
  return json(await replayQuarantine({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, ids }));
});
