import { getPageContext, orNotFound, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { InsightEditor } from "@/components/analytics/insight-editor";
import { PageHeader } from "@/components/ui/page-header";
import { getInsight } from "@/lib/analytics";
import { eventNames } from "@/lib/segments";

export const metadata = { title: "Insight" };

export default async function InsightPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  const workspaceId = ctx.workspace.workspaceId;
  const saved = await orNotFound(getInsight({ workspaceId, insightId: (await params).id }));
  return (
    <>
      <PageHeader title={saved.name} description={`Saved by ${saved.createdBy}.`} />
      <InsightEditor events={await eventNames({ workspaceId })} dashboards={[]} canWrite={pageCan(ctx, "dashboards:write")} canSaveSegments={pageCan(ctx, "segments:write")} saved={saved} />
    </>
  );
}
