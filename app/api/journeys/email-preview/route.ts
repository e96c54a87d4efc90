import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { emailPreviewSchema, previewEmail } from "@/lib/journeys";

/** The email rendered for a chosen profile (or with empty variables). */
export const POST = withWorkspace("journeys:read", async ({ req, ctx }) => {
  const input = parseInput(emailPreviewSchema, await readJson(req));
  return json({ preview: await previewEmail({ workspaceId: ctx.workspaceId, input }) });
});
