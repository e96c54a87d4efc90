import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listAuditFacets } from "@/lib/audit";

/** The actors and actions present in the log, for filter menus. */
export const GET = withWorkspace("auditLog:read", async ({ ctx }) => json(await listAuditFacets({ workspaceId: ctx.workspaceId })));
