import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { setJourneyStatus } from "@/lib/journeys";

const schema = z.object({ status: z.enum(["paused", "published", "archived"], { error: "status is paused, published (resume) or archived" }) });

/** Pause, resume or archive. */
export const PATCH = withWorkspace("journeys:write", async ({ req, ctx, params }) => {
  const { status } = parseInput(schema, await readJson(req));
  return json({ journey: await setJourneyStatus({ workspaceId: ctx.workspaceId, actor: ctx.actor, journeyId: params.id!, status }) });
});
