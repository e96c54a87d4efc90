import { NextResponse } from "next/server";
import { withWorkspace } from "@/app/_server/handlers";
import { assertBreakdownAllowed } from "@/app/_server/pii";
import { parseInput, readJson } from "@/app/_server/respond";
import { insightCsv, insightSchema, runInsight } from "@/lib/analytics";

/** The insight's data as CSV (exact counts, never the sample's estimate). */
export const POST = withWorkspace("dashboards:read", async ({ req, ctx }) => {
  const insight = parseInput(insightSchema, await readJson(req));
  await assertBreakdownAllowed(ctx, insight as never);
  const result = await runInsight({ workspaceId: ctx.workspaceId, insight, signal: req.signal, exact: true });
  return new NextResponse(insightCsv(result), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${insight.type}.csv"` } });
});
