import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { AreaEmpty } from "@/components/shell/area-empty";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Dashboards" };

export default async function DashboardsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  return <AreaEmpty areaKey="dashboards" action={<LinkButton href="/dashboards/trends">Explore a trend</LinkButton>} />;
}
