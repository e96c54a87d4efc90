import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput } from "@/app/_server/respond";
import { getProfile, profileTimeline } from "@/lib/profiles";

const query = z.object({
  event: z.string().min(1).optional(),
  before: z.iso.datetime({ message: "before must be an ISO date-time (the previous page's next value)" }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withWorkspace("profiles:read", async ({ req, ctx, params }) => {
  const q = parseInput(query, Object.fromEntries(new URL(req.url).searchParams));
  await getProfile({ workspaceId: ctx.workspaceId, profileId: params.id! }); // 404 for another workspace's profile
  return json(await personalData(ctx, await profileTimeline({ workspaceId: ctx.workspaceId, profileId: params.id!, ...q }), { what: "profile activity", target: { type: "profile", id: params.id! } }));
});
