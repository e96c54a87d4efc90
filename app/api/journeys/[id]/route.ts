import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { deleteJourney, getJourney, saveDraft, saveJourneySchema } from "@/lib/journeys";

export const GET = withWorkspace("journeys:read", async ({ ctx, params }) => json({ journey: await getJourney({ workspaceId: ctx.workspaceId, journeyId: params.id! }) }));

/** Saves the draft; the published version keeps running until the draft is published. */
export const PUT = withWorkspace("journeys:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveJourneySchema, await readJson(req));
  return json({ journey: await saveDraft({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id!, input }) });
});

export const DELETE = withWorkspace("journeys:write", async ({ ctx, params }) => {
  await deleteJourney({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id! });
  return json({ deleted: true });
});
