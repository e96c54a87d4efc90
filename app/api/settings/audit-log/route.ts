import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput } from "@/app/_server/respond";
import { auditQuerySchema, listAuditLog } from "@/lib/audit";

/** Newest first; filter with actorId, action, from, to; page with cursor (the previous page's nextCursor). */
export const GET = withWorkspace("auditLog:read", async ({ req, ctx }) => {
  const query = parseInput(auditQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return json(await listAuditLog({ workspaceId: ctx.workspaceId, ...query }));
});
