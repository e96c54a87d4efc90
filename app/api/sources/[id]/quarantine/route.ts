import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput } from "@/app/_server/respond";
import { listQuarantine, quarantineFilterSchema } from "@/lib/sources";

/** Held messages, newest first, with the reason: all, or those of an event and with words in the reason. */
export const GET = withWorkspace("sources:read", async ({ req, ctx, params }) => {
  const q = new URL(req.url).searchParams;
  const filter = parseInput(quarantineFilterSchema, { event: q.get("event") || undefined, reason: q.get("reason") || undefined });
  return json(await personalData(ctx, await listQuarantine({ workspaceId: ctx.workspaceId, sourceId: params.id!, filter }), { what: "quarantine", target: { type: "source", id: params.id! } }));
});
