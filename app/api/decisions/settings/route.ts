import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { saveDecisionSettings } from "@/lib/ml";

/** The share of decisions that explore (an offer at random instead of the bandit's pick). */
export const PUT = withWorkspace("models:write", async ({ req, ctx }) => json({ settings: await saveDecisionSettings({ workspaceId: ctx.workspaceId, actor: ctx.actor, input: await readJson(req) }) }));
