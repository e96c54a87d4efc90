import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { NewJourney } from "@/components/journeys/new-journey";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New journey" };

export default async function NewJourneyPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "journeys:write");
  return (
    <>
      <PageHeader title="New journey" description="A journey starts as a draft: nothing is sent until you publish it." />
      <NewJourney />
    </>
  );
}
