import { getPageContext, orNotFound, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { JourneyEditor } from "@/components/journeys/journey-editor";
import { getJourney } from "@/lib/journeys";

export const metadata = { title: "Journey" };

export default async function JourneyPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "journeys:read");
  const { id } = await params;
  const journey = await orNotFound(getJourney({ workspaceId: ctx.workspace.workspaceId, journeyId: id }));
  return <JourneyEditor initial={journey} canWrite={pageCan(ctx, "journeys:write")} />;
}
