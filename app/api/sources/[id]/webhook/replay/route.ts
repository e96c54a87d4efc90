import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { replaySample } from "@/lib/sources";

/** Maps a kept payload again with the saved mapping and ingests it (duplicates are dropped by message id). */
export const POST = withWorkspace("sources:write", async ({ req, ctx, params }) => {
  const { sampleId } = parseInput(z.object({ sampleId: z.string().regex(/^\d+$/, "sampleId: the id of a captured payload") }), await readJson(req));
  return json(await replaySample({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, sampleId }));
});
