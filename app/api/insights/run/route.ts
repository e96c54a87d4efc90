import { withWorkspace } from "@/app/_server/handlers";
import { assertBreakdownAllowed } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { insightSchema, runInsight } from "@/lib/analytics";

/**
 * Runs an insight; an abandoned request (the marketer changed it) cancels the query in PostgreSQL.
 * On a big workspace a funnel first answers from the sample (`estimate` set); `?exact=1` asks for
 * the exact counts.
 */
export const POST = withWorkspace("dashboards:read", async ({ req, ctx }) => {
  const insight = parseInput(insightSchema, await readJson(req));
  await assertBreakdownAllowed(ctx, insight as never);
  const exact = new URL(req.url).searchParams.get("exact") === "1";
  return json({ result: await runInsight({ workspaceId: ctx.workspaceId, insight, signal: req.signal, exact }) });
});
