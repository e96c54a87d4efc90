import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { SyncForm } from "@/components/destinations/sync-form";
import { AreaEmpty } from "@/components/shell/area-empty";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { listDestinations, providerCatalog } from "@/lib/activation";
import { listSegments } from "@/lib/segments";

export const metadata = { title: "New sync" };

export default async function NewSyncPage({ searchParams }: { searchParams: Promise<{ destination?: string; segment?: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:write");
  const workspaceId = ctx.workspace.workspaceId;
  const [segments, destinations, query] = await Promise.all([listSegments({ workspaceId }), listDestinations({ workspaceId }), searchParams]);
  if (destinations.length === 0) return <AreaEmpty areaKey="destinations" building={false} action={<LinkButton href="/destinations/new">Add a destination first</LinkButton>} />;
  if (segments.length === 0) return <AreaEmpty areaKey="segments" building={false} action={<LinkButton href="/segments/new">Create a segment first</LinkButton>} />;
  return (
    <>
      <PageHeader title="New sync" description="Send a segment to a destination. The first run sends everyone who can be sent; after that only changes go out." />
      <SyncForm
        segments={segments.map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount }))}
        destinations={destinations.map((d) => ({ id: d.id, name: d.name, kind: d.kind }))}
        providers={providerCatalog()}
        destinationId={query.destination}
        segmentId={query.segment}
      />
    </>
  );
}
