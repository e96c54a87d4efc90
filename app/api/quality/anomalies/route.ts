import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listAnomalies } from "@/lib/quality";

/** Volume anomalies, newest first (`?status=open` for the open ones only). */
export const GET = withWorkspace("sources:read", async ({ req, ctx }) => {
  const status = new URL(req.url).searchParams.get("status") === "open" ? "open" : "all";
  return json({ anomalies: await listAnomalies({ workspaceId: ctx.workspaceId, status }) });
});
