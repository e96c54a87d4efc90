import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { requestDatabaseRun } from "@/lib/sources";

/** Runs the database source now (the worker picks it up within moments). */
export const POST = withWorkspace("sources:write", async ({ ctx, params }) => {
  await requestDatabaseRun({ workspaceId: ctx.workspaceId, sourceId: params.id! });
  return json({ requested: true }, { status: 202 });
});
