import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { profileSegments } from "@/lib/segments";

export const GET = withWorkspace("profiles:read", async ({ ctx, params }) => json({ segments: await profileSegments({ workspaceId: ctx.workspaceId, profileId: params.id! }) }));
