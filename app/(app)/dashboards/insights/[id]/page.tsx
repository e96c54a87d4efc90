import { notFound } from "next/navigation";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { InsightEditor } from "@/components/analytics/insight-editor";
import { PageHeader } from "@/components/ui/page-header";
import { getInsight } from "@/lib/analytics";
import { isAppError } from "@/lib/errors";
import { eventNames } from "@/lib/segments";

export const metadata = { title: "Insight" };

export default async function InsightPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  const workspaceId = ctx.workspace.workspaceId;
  const saved = await getInsight({ workspaceId, insightId: (await params).id }).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!saved) notFound();
  return (
    <>
      <PageHeader title={saved.name} description={`Saved by ${saved.createdBy}.`} />
      <InsightEditor events={await eventNames({ workspaceId })} dashboards={[]} canWrite={pageCan(ctx, "dashboards:write")} canSaveSegments={pageCan(ctx, "segments:write")} saved={saved} />
    </>
  );
}
