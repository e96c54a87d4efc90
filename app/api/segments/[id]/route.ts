import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { deleteSegment, getSegmentOrThrow, saveSegmentSchema, updateSegment } from "@/lib/segments";

export const GET = withWorkspace("segments:read", async ({ ctx, params }) => json({ segment: await getSegmentOrThrow({ workspaceId: ctx.workspaceId, segmentId: params.id! }) }));

/** Saves name, description and definition; a changed definition becomes a new version. */
export const PUT = withWorkspace("segments:write", async ({ req, ctx, params }) => {
  const input = parseInput(saveSegmentSchema, await readJson(req));
  return json({ segment: await updateSegment({ workspaceId: ctx.workspaceId, actor: ctx.actor, segmentId: params.id!, ...input }) });
});

export const DELETE = withWorkspace("segments:write", async ({ ctx, params }) => {
  await deleteSegment({ workspaceId: ctx.workspaceId, actor: ctx.actor, segmentId: params.id! });
  return json({ deleted: true });
});
