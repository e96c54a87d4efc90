import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { AppError } from "@/lib/errors";
import { profileTrace } from "@/lib/journeys";

/** One profile's path through the journey, with the reason for every step. */
export const GET = withWorkspace("journeys:read", async ({ req, ctx, params }) => {
  const profileId = new URL(req.url).searchParams.get("profileId") ?? "";
  if (!/^\d+$/.test(profileId)) throw new AppError("invalid_input", "profileId: pass the profile's numeric id");
  const traces = await profileTrace({ workspaceId: ctx.workspaceId, journeyId: params.id!, profileId });
  return json({ traces: await personalData(ctx, traces, { what: "journey trace", target: { type: "profile", id: profileId } }) });
});
