import { Plus } from "lucide-react";
import { getPageContext, orNotFound, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { DashboardView } from "@/components/analytics/dashboard-view";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getDashboard } from "@/lib/analytics";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  const dashboard = await orNotFound(getDashboard({ workspaceId: ctx.workspace.workspaceId, dashboardId: (await params).id }));
  const canWrite = pageCan(ctx, "dashboards:write");
  return (
    <>
      <PageHeader
        title={dashboard.name}
        description={dashboard.description || undefined}
        actions={
          canWrite && (
            <div className="flex items-start gap-2">
              <LinkButton href={`/dashboards/insights/new?dashboard=${dashboard.id}`}>
                <Plus aria-hidden className="h-4 w-4" /> Add insight
              </LinkButton>
              <ConfirmDeleteButton path={`/api/dashboards/${dashboard.id}`} question={`Delete the dashboard “${dashboard.name}”? Its insights stay saved.`} then="/dashboards" />
            </div>
          )
        }
      />
      <DashboardView dashboard={dashboard} canWrite={canWrite} />
    </>
  );
}
