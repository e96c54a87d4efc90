import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { revokeApiKey } from "@/lib/api-keys";

export const DELETE = withWorkspace("apiKeys:write", async ({ ctx, params }) =>
  json({ key: await revokeApiKey({ workspaceId: ctx.workspaceId, actor: ctx.actor, keyId: params.id! }) }),
);
