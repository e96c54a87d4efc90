import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getWebhookConfig, listSamples, PRESETS, saveWebhookConfig, saveWebhookSchema } from "@/lib/sources";

/** The webhook source's mapping, signature scheme (never the secret), the presets and the latest payloads. */
export const GET = withWorkspace("sources:read", async ({ ctx, params }) =>
  json({
    webhook: await getWebhookConfig({ workspaceId: ctx.workspaceId, sourceId: params.id! }),
    samples: await personalData(ctx, await listSamples({ workspaceId: ctx.workspaceId, sourceId: params.id! }), { what: "webhook samples", target: { type: "source", id: params.id! } }),
    presets: PRESETS,
  }),
);

export const PUT = withWorkspace("sources:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveWebhookSchema, await readJson(req));
  return json({ webhook: await saveWebhookConfig({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, input }) });
});
