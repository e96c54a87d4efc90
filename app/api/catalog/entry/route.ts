import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { catalogEntrySchema, saveCatalogEntry } from "@/lib/catalog";
import { AppError } from "@/lib/errors";

/** Describes an event, property or trait: its owner and Admins may edit it; Viewers may not. */
export const PUT = withWorkspace("sources:read", async ({ req, ctx }) => {
  const isAdmin = ctx.can("workspace:write");
  if (!isAdmin && !ctx.can("dashboards:write")) throw new AppError("forbidden", "Viewers read the catalog; ask its owner or an Admin to change an entry.");
  const input = parseInput(catalogEntrySchema, await readJson(req));
  await saveCatalogEntry({ workspaceId: ctx.workspaceId, actor: ctx.actor, userId: ctx.userId, isAdmin, input });
  return json({ saved: true });
});
