import { NextResponse } from "next/server";
import { withWorkspace } from "@/app/_server/handlers";
import { parseInput, readJson } from "@/app/_server/respond";
import { runTrends, trendsCsv, trendsSchema } from "@/lib/analytics";

/** The insight's data as CSV: one row per line of the chart, one column per period. */
export const POST = withWorkspace("dashboards:read", async ({ req, ctx }) => {
  const insight = parseInput(trendsSchema, await readJson(req));
  const result = await runTrends({ workspaceId: ctx.workspaceId, insight, signal: req.signal });
  return new NextResponse(trendsCsv(result), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="trend.csv"' } });
});
