import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getTransformations, saveTransformations, stepsSchema } from "@/lib/sources";

export const GET = withWorkspace("sources:read", async ({ ctx, params }) => json({ transformations: await getTransformations({ workspaceId: ctx.workspaceId, sourceId: params.id! }) }));

/** Saves the steps as a new version; they apply to messages received from then on. */
export const PUT = withWorkspace("sources:write", async ({ req, ctx, params }) => {
  const { steps } = parseInput(z.object({ steps: stepsSchema }), await readJson(req));
  return json({ transformations: await saveTransformations({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, steps }) });
});
