import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { listStates } from "@/lib/journeys";

/** Who is in the journey: recent entries, or those now at one node (`?nodeId=`). */
export const GET = withWorkspace("journeys:read", async ({ req, ctx, params }) => {
  const nodeId = new URL(req.url).searchParams.get("nodeId") ?? undefined;
  const states = await listStates({ workspaceId: ctx.workspaceId, journeyId: params.id!, nodeId });
  return json({ states: await personalData(ctx, states, { what: "journey people", target: { type: "journey", id: params.id! } }) });
});
