import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { createFeature, listFeatures } from "@/lib/ml";

export const GET = withWorkspace("models:read", async ({ ctx }) => json({ features: await listFeatures({ workspaceId: ctx.workspaceId }) }));

/** Defines a feature; every profile's value is computed at once and kept fresh as events arrive. */
export const POST = withWorkspace("models:write", async ({ req, ctx }) => json({ feature: await createFeature({ workspaceId: ctx.workspaceId, actor: ctx.actor, input: await readJson(req) }) }, { status: 201 }));
