import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createJourney, listJourneys, saveJourneySchema } from "@/lib/journeys";

export const GET = withWorkspace("journeys:read", async ({ ctx }) => json({ journeys: await listJourneys({ workspaceId: ctx.workspaceId }) }));

/** Creates a draft journey (nothing runs until it is published). */
export const POST = withWorkspace("journeys:write", async ({ req, ctx }) => {
  const input = parseInput(saveJourneySchema, await readJson(req));
  return json({ journey: await createJourney({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) }, { status: 201 });
});
