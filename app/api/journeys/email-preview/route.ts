import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { emailPreviewSchema, previewEmail } from "@/lib/journeys";
import { piiPolicy } from "@/lib/privacy";

/** The email rendered for a chosen profile (or with empty variables). */
export const POST = withWorkspace("journeys:read", async ({ req, ctx }) => {
  const input = parseInput(emailPreviewSchema, await readJson(req));
  const policy = ctx.can("pii:read") ? undefined : await piiPolicy(ctx.workspaceId);
  return json({ preview: await personalData(ctx, await previewEmail({ workspaceId: ctx.workspaceId, input, policy }), { what: "email preview" }) });
});
