import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { createOffer, getDecisionSettings, listOffers, recentDecisions } from "@/lib/ml";

/** Offers with their results, the exploration share, and the latest decisions. */
export const GET = withWorkspace("models:read", async ({ ctx }) => {
  const ws = ctx.workspaceId;
  const [offers, settings, decisions] = await Promise.all([listOffers({ workspaceId: ws }), getDecisionSettings(ws), recentDecisions({ workspaceId: ws })]);
  return json({ offers, settings, decisions });
});

export const POST = withWorkspace("models:write", async ({ req, ctx }) => json({ offer: await createOffer({ workspaceId: ctx.workspaceId, actor: ctx.actor, input: await readJson(req) }) }, { status: 201 }));
