import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { computedTraitSchema, createComputedTrait, listComputedTraits } from "@/lib/profiles";

export const GET = withWorkspace("profiles:read", async ({ ctx }) => json({ traits: await listComputedTraits({ workspaceId: ctx.workspaceId }) }));

/** Creates a computed trait; it is built from history at once and kept fresh as events arrive. */
export const POST = withWorkspace("segments:write", async ({ req, ctx }) => {
  const input = parseInput(computedTraitSchema, await readJson(req));
  return json({ trait: await createComputedTrait({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) }, { status: 201 });
});
