import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { previewSchema, previewSegment } from "@/lib/segments";

/**
 * Size, reach and sample members of a definition being edited; cancelled in PostgreSQL if the
 * browser drops it. A big workspace gets an estimate from the sample unless `exact` is asked for.
 */
export const POST = withWorkspace("segments:read", async ({ req, ctx }) => {
  const input = parseInput(previewSchema, await readJson(req));
  const preview = await previewSegment({ workspaceId: ctx.workspaceId, definition: input.definition, signal: req.signal, exact: input.exact });
  return json({ preview: await personalData(ctx, preview, { what: "segment preview" }) });
});
