import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { createSegment, listSegments, saveSegmentSchema } from "@/lib/segments";

export const GET = withWorkspace("segments:read", async ({ ctx }) => json({ segments: await listSegments({ workspaceId: ctx.workspaceId }) }));

export const POST = withWorkspace("segments:write", async ({ req, ctx }) => {
  const input = parseInput(saveSegmentSchema, await readJson(req));
  return json({ segment: await createSegment({ workspaceId: ctx.workspaceId, actor: ctx.actor, ...input }) }, { status: 201 });
});
