import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { previewTransformations, stepsSchema } from "@/lib/sources";

/** The steps (saved or not) applied to the source's latest events: what would be kept, dropped or quarantined. */
export const POST = withWorkspace("sources:read", async ({ req, ctx, params }) => {
  const { steps } = parseInput(z.object({ steps: stepsSchema }), await readJson(req));
  const preview = await previewTransformations({ workspaceId: ctx.workspaceId, sourceId: params.id!, steps });
  return json({ preview: await personalData(ctx, preview, { what: "transformation preview", target: { type: "source", id: params.id! } }) });
});
