import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { sourceVolume } from "@/lib/sources";

export const GET = withWorkspace("sources:read", async ({ ctx, params }) => json({ volume: await sourceVolume({ workspaceId: ctx.workspaceId, sourceId: params.id! }) }));
