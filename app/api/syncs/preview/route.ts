import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { previewSync, previewSyncSchema } from "@/lib/activation";

/** The mapping applied to the first members of the segment, and how many the destination can receive. */
export const POST = withWorkspace("destinations:read", async ({ req, ctx }) => {
  const preview = await previewSync({ workspaceId: ctx.workspaceId, input: parseInput(previewSyncSchema, await readJson(req)) });
  return json({ preview: await personalData(ctx, preview, { what: "sync preview" }) });
});
