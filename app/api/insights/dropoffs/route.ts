import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { dropOffDefinition, funnelDropOffs, funnelSchema } from "@/lib/analytics";
import { profileSummaries } from "@/lib/profiles";

const input = z.object({ insight: funnelSchema, step: z.coerce.number().int().min(1) });

/** Who reached a funnel step but not the next (up to 100), and a segment definition for them. Lists people: needs profiles:read. */
export const POST = withWorkspace("profiles:read", async ({ req, ctx }) => {
  const { insight, step } = parseInput(input, await readJson(req));
  const r = await funnelDropOffs({ workspaceId: ctx.workspaceId, insight, step, signal: req.signal });
  const profiles = await profileSummaries({ workspaceId: ctx.workspaceId, ids: r.profileIds });
  return json({ profiles: await personalData(ctx, profiles, { what: "funnel drop-offs" }), definition: dropOffDefinition(insight, Math.min(step, insight.steps.length - 1), r) });
});
