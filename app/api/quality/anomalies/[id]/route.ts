import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { anomalySeries } from "@/lib/quality";

/** One anomaly with the event's hourly volume from a week before it, and the expected volume. */
export const GET = withWorkspace("sources:read", async ({ ctx, params }) => json(await anomalySeries({ workspaceId: ctx.workspaceId, anomalyId: params.id! })));
