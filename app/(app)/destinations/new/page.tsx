import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { DestinationForm } from "@/components/destinations/destination-form";
import { PageHeader } from "@/components/ui/page-header";
import { providerCatalog } from "@/lib/activation";
import { traitFields } from "@/lib/segments";

export const metadata = { title: "Add destination" };

export default async function NewDestinationPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:write");
  const { purposes } = await traitFields({ workspaceId: ctx.workspace.workspaceId });
  return (
    <>
      <PageHeader title="Add a destination" description="Choose where audiences should go. Credentials are stored encrypted and never shown again." />
      <DestinationForm providers={providerCatalog()} purposes={purposes} />
    </>
  );
}
