import Link from "next/link";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { ComputedTraits } from "@/components/profiles/computed-traits";
import { PageHeader } from "@/components/ui/page-header";
import { listComputedTraits } from "@/lib/profiles";

export const metadata = { title: "Computed traits" };

export default async function ComputedTraitsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "profiles:read");
  const traits = await listComputedTraits({ workspaceId: ctx.workspace.workspaceId });
  return (
    <>
      <Link href="/profiles" className="text-sm text-brand-700 hover:underline">
        ← Profiles
      </Link>
      <PageHeader
        title="Computed traits"
        description="Profile attributes aggregated from events — lifetime value, orders in 90 days, favourite category, last order — kept fresh as events arrive and usable in segments, journeys and syncs like any trait."
      />
      <ComputedTraits initial={traits} canWrite={pageCan(ctx, "segments:write")} />
    </>
  );
}
