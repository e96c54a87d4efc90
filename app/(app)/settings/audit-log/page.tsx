import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { AuditLogViewer } from "@/components/settings/audit-log-viewer";

export const metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "auditLog:read");
  return <AuditLogViewer workspaceId={ctx.workspace.workspaceId} />;
}
