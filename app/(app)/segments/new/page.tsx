import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New segment" };

export default async function NewSegmentPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "segments:write");
  return (
    <>
      <PageHeader title="New segment" description="Describe the audience with conditions; the size updates as you type. Once saved, it is built from history and then stays live." />
      <SegmentBuilder />
    </>
  );
}
