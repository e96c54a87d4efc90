import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/api-keys";

export const GET = withWorkspace("apiKeys:read", async ({ ctx }) => json({ keys: await listApiKeys({ workspaceId: ctx.workspaceId }) }));

/** The secret is in this response only; afterwards only its prefix is ever shown. */
export const POST = withWorkspace("apiKeys:write", async ({ req, ctx }) => {
  const input = parseInput(createApiKeySchema, await readJson(req));
  return json(await createApiKey({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }), { status: 201 });
});
