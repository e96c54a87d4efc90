import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { setBreaker } from "@/lib/activation";

/** The sync's circuit breaker: `{ enabled, maxChangePercent, onAnomaly, minAudience }`. */
export const PUT = withWorkspace("destinations:write", async ({ req, ctx, params }) => json({ breaker: await setBreaker({ workspaceId: ctx.workspaceId, actor: ctx.actor, syncId: params.id!, input: await readJson(req) }) }));
