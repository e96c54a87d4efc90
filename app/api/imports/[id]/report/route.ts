import { NextResponse } from "next/server";
import { withWorkspace } from "@/app/_server/handlers";
import { getImportReport } from "@/lib/imports";

/** The rejected rows with their reasons, as a CSV download. */
export const GET = withWorkspace("profiles:read", async ({ ctx, params }) => {
  const report = await getImportReport({ workspaceId: ctx.workspaceId, importId: params.id! });
  return new NextResponse(report.csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${report.filename.replace(/"/g, "")}"` },
  });
});
