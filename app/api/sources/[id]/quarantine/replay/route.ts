import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { quarantineFilterSchema, replayQuarantine } from "@/lib/sources";

/** Sends held messages (all, those matching a filter, or the given ids) through ingestion again with the current steps and plan. */
export const POST = withWorkspace("sources:write", async ({ req, ctx, params }) => {
  const { ids, filter } = parseInput(z.object({ ids: z.array(z.string().regex(/^\d+$/, "ids are the numbers of held messages")).max(1000).optional(), filter: quarantineFilterSchema.optional() }), await readJson(req));
  return json(await replayQuarantine({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, ids, filter }));
});
