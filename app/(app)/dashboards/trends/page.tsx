import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { TrendsExplorer } from "@/components/analytics/trends-explorer";
import { PageHeader } from "@/components/ui/page-header";
import { eventNames } from "@/lib/segments";

export const metadata = { title: "Trends" };

export default async function TrendsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  const events = await eventNames({ workspaceId: ctx.workspace.workspaceId });
  const initial = events.includes("Order Completed") ? "Order Completed" : (events[0] ?? "");
  return (
    <>
      <PageHeader title="Trends" description="How often things happen, how many people do them, and how much they are worth, over time — in the workspace's timezone." />
      <TrendsExplorer initialEvent={initial} />
    </>
  );
}
