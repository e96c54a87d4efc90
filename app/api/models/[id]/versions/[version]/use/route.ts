import { withWorkspace } from "@/app/_server/handlers";
import { AppError } from "@/lib/errors";
import { json } from "@/app/_server/respond";
import { useVersion } from "@/lib/ml";

/** Makes this version the current one (a rollback, or back to a newer one) and rescores profiles with it. */
export const POST = withWorkspace("models:write", async ({ ctx, params }) => {
  const version = Number(params.version);
  if (!Number.isInteger(version) || version < 1) throw new AppError("invalid_input", "The version is a whole number, like 2.");
  return json({ model: await useVersion({ workspaceId: ctx.workspaceId, actor: ctx.actor, modelId: params.id!, version }) });
});
