import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { updateOffer } from "@/lib/ml";

export const PUT = withWorkspace("models:write", async ({ req, ctx, params }) => json({ offer: await updateOffer({ workspaceId: ctx.workspaceId, actor: ctx.actor, offerId: params.id!, input: await readJson(req) }) }));
