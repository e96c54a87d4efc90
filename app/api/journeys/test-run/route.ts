import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { simulateJourney, simulateSchema } from "@/lib/journeys";

/** Where one profile would go through the (draft) journey, step by step; sends and writes nothing. */
export const POST = withWorkspace("journeys:read", async ({ req, ctx }) => {
  const input = parseInput(simulateSchema, await readJson(req));
  return json({ simulation: await personalData(ctx, await simulateJourney({ workspaceId: ctx.workspaceId, input }), { what: "journey test run" }) });
});
