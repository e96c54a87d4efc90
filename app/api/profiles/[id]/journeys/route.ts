import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { profileJourneys } from "@/lib/journeys";

/** Every journey the profile is or was in, where it is and why. */
export const GET = withWorkspace("journeys:read", async ({ ctx, params }) => json({ journeys: await profileJourneys({ workspaceId: ctx.workspaceId, profileId: params.id! }) }));
