import { forbiddenMessage } from "@/app/_server/context";
import { getPageContext, pageCan } from "@/app/_server/page-context";
import { AuditLogViewer } from "@/components/settings/audit-log-viewer";
import { Forbidden } from "@/components/shell/forbidden";

export const metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  const ctx = await getPageContext();
  if (!pageCan(ctx, "auditLog:read")) return <Forbidden message={forbiddenMessage("auditLog:read", ctx.role)} />;
  return <AuditLogViewer workspaceId={ctx.workspace.workspaceId} />;
}
