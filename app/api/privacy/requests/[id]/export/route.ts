import { NextResponse } from "next/server";
import { withWorkspace } from "@/app/_server/handlers";
import { downloadExport } from "@/lib/privacy";

/** The person's data as JSON (default) or `?format=csv`; each download is written to the audit log. */
export const GET = withWorkspace("privacy:write", async ({ req, ctx, params }) => {
  const format = new URL(req.url).searchParams.get("format") === "csv" ? "csv" : "json";
  const file = await downloadExport({ workspaceId: ctx.workspaceId, actor: ctx.actor, requestId: params.id!, format });
  return new NextResponse(file.body, { headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store" } });
});
