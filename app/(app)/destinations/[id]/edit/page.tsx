import { getPageContext, orNotFound, requirePagePermission } from "@/app/_server/page-context";
import { DestinationForm } from "@/components/destinations/destination-form";
import { PageHeader } from "@/components/ui/page-header";
import { getDestination, providerCatalog } from "@/lib/activation";
import { traitFields } from "@/lib/segments";

export const metadata = { title: "Edit destination" };

export default async function EditDestinationPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:write");
  const workspaceId = ctx.workspace.workspaceId;
  const destination = await orNotFound(getDestination({ workspaceId, destinationId: (await params).id }));
  const { purposes } = await traitFields({ workspaceId });
  return (
    <>
      <PageHeader title={`Edit ${destination.name}`} description="Leave a secret empty to keep the stored one." />
      <DestinationForm providers={providerCatalog()} purposes={purposes} initial={destination} />
    </>
  );
}
