import { withWorkspace } from "@/app/_server/handlers";
import { assertBreakdownAllowed } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { insightSchema, runInsight } from "@/lib/analytics";

/** Runs an insight; an abandoned request (the marketer changed it) cancels the query in PostgreSQL. */
export const POST = withWorkspace("dashboards:read", async ({ req, ctx }) => {
  const insight = parseInput(insightSchema, await readJson(req));
  await assertBreakdownAllowed(ctx, insight as never);
  return json({ result: await runInsight({ workspaceId: ctx.workspaceId, insight, signal: req.signal }) });
});
