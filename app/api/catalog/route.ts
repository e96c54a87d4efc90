import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listCatalog, type CatalogKind } from "@/lib/catalog";

/** The data catalog: `?kind=event|property|trait`, `?q=` to search names, descriptions, teams and tags. */
export const GET = withWorkspace("sources:read", async ({ req, ctx }) => {
  const url = new URL(req.url);
  const kind = url.searchParams.get("kind");
  return json({ items: await listCatalog({ workspaceId: ctx.workspaceId, kind: kind === "event" || kind === "property" || kind === "trait" ? (kind as CatalogKind) : undefined, search: url.searchParams.get("q") ?? undefined }) });
});
