import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { generatePlan, getPlan } from "@/lib/quality";

/** A plan drafted from the events already seen (not saved): each event with its properties' observed types. */
export const POST = withWorkspace("sources:write", async ({ ctx, params }) => {
  await getPlan({ workspaceId: ctx.workspaceId, sourceId: params.id! }); // 404 for another workspace's source
  return json({ plan: await generatePlan({ workspaceId: ctx.workspaceId }) });
});
