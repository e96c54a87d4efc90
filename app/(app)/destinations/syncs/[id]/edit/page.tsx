import { getPageContext, orNotFound, requirePagePermission } from "@/app/_server/page-context";
import { SyncForm } from "@/components/destinations/sync-form";
import { PageHeader } from "@/components/ui/page-header";
import { getSync, listDestinations, providerCatalog } from "@/lib/activation";
import { listSegments } from "@/lib/segments";

export const metadata = { title: "Edit sync" };

export default async function EditSyncPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:write");
  const workspaceId = ctx.workspace.workspaceId;
  const sync = await orNotFound(getSync({ workspaceId, syncId: (await params).id }));
  const [segments, destinations] = await Promise.all([listSegments({ workspaceId }), listDestinations({ workspaceId })]);
  return (
    <>
      <PageHeader title="Edit sync" description="A changed mapping is sent as updates on the next run; nothing is sent twice." />
      <SyncForm
        segments={segments.map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount }))}
        destinations={destinations.map((d) => ({ id: d.id, name: d.name, kind: d.kind }))}
        providers={providerCatalog()}
        initial={sync}
      />
    </>
  );
}
