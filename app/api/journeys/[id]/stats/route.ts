import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { journeyStats } from "@/lib/journeys";

export const GET = withWorkspace("journeys:read", async ({ ctx, params }) => json({ stats: await journeyStats({ workspaceId: ctx.workspaceId, journeyId: params.id! }) }));
