import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { InsightEditor } from "@/components/analytics/insight-editor";
import { PageHeader } from "@/components/ui/page-header";
import { listDashboards } from "@/lib/analytics";
import { eventNames } from "@/lib/segments";

export const metadata = { title: "New insight" };

export default async function NewInsightPage({ searchParams }: { searchParams: Promise<{ dashboard?: string; type?: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  const workspaceId = ctx.workspace.workspaceId;
  const [events, dashboards, query] = await Promise.all([eventNames({ workspaceId }), listDashboards({ workspaceId }), searchParams]);
  const ordered = query.dashboard ? [...dashboards.filter((d) => d.id === query.dashboard), ...dashboards.filter((d) => d.id !== query.dashboard)] : dashboards;
  return (
    <>
      <PageHeader title="New insight" description="Trends over time, funnels, retention, segment sizes over time and the top events, properties and values — in the workspace's timezone. The result follows as you change it." />
      <InsightEditor
        events={events}
        dashboards={ordered.map((d) => ({ id: d.id, name: d.name }))}
        canWrite={pageCan(ctx, "dashboards:write")}
        canSaveSegments={pageCan(ctx, "segments:write")}
        startWith={query.type === "funnel" || query.type === "retention" ? query.type : "trends"}
      />
    </>
  );
}
