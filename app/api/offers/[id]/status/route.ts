import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { setOfferStatus } from "@/lib/ml";

/** Pause, resume (active) or archive an offer. */
export const PATCH = withWorkspace("models:write", async ({ req, ctx, params }) => {
  const { status } = parseInput(z.object({ status: z.enum(["active", "paused", "archived"], { error: "status is active, paused or archived" }) }), await readJson(req));
  await setOfferStatus({ workspaceId: ctx.workspaceId, actor: ctx.actor, offerId: params.id!, status });
  return json({ status });
});
