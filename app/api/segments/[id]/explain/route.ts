import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { explainProfile, getSegmentOrThrow } from "@/lib/segments";
import { AppError } from "@/lib/errors";

/** Why a profile is in this segment or not: ?profileId=… */
export const GET = withWorkspace("segments:read", async ({ req, ctx, params }) => {
  const profileId = new URL(req.url).searchParams.get("profileId") ?? "";
  if (!/^\d+$/.test(profileId)) throw new AppError("invalid_input", "profileId: choose a profile (its numeric id)");
  const segment = await getSegmentOrThrow({ workspaceId: ctx.workspaceId, segmentId: params.id! });
  return json({ explanation: await personalData(ctx, await explainProfile({ workspaceId: ctx.workspaceId, definition: segment.definition, profileId }), { what: "segment explanation" }) });
});
