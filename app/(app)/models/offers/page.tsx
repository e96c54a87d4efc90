import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { OffersView } from "@/components/models/offers-view";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getDecisionSettings, listOffers, recentDecisions } from "@/lib/ml";

export const metadata = { title: "Next best action" };

export default async function OffersPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "models:read");
  const ws = ctx.workspace.workspaceId;
  const [offers, settings, decisions] = await Promise.all([listOffers({ workspaceId: ws }), getDecisionSettings(ws), recentDecisions({ workspaceId: ws })]);
  return (
    <>
      <PageHeader
        title="Next best action"
        description="Offers and messages chosen per person in milliseconds by the decision API: eligibility, priority and caps first, then a bandit that learns from conversions which offer works best."
        actions={<LinkButton href="/models" variant="secondary">Models</LinkButton>}
      />
      <OffersView initial={{ offers, settings, decisions }} canWrite={pageCan(ctx, "models:write")} />
    </>
  );
}
