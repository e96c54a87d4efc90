import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { previewWebhook, webhookMappingSchema } from "@/lib/sources";

const schema = z.object({ mapping: webhookMappingSchema, sampleId: z.string().regex(/^\d+$/).optional(), body: z.string().max(512 * 1024).optional(), contentType: z.string().max(200).nullish() });

/** What a mapping makes of a captured payload (or one pasted in), before it is saved. */
export const POST = withWorkspace("sources:read", async ({ req, ctx, params }) => {
  const input = parseInput(schema, await readJson(req));
  return json({ preview: await previewWebhook({ workspaceId: ctx.workspaceId, sourceId: params.id!, ...input }) });
});
