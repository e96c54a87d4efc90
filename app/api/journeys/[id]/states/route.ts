import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listStates } from "@/lib/journeys";

/** Who is in the journey: recent entries, or those now at one node (`?nodeId=`). */
export const GET = withWorkspace("journeys:read", async ({ req, ctx, params }) => {
  const nodeId = new URL(req.url).searchParams.get("nodeId") ?? undefined;
  return json({ states: await listStates({ workspaceId: ctx.workspaceId, journeyId: params.id!, nodeId }) });
});
