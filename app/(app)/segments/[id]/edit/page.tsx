import { getPageContext, orNotFound, requirePagePermission } from "@/app/_server/page-context";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { PageHeader } from "@/components/ui/page-header";
import { getSegmentOrThrow } from "@/lib/segments";

export const metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "segments:write");
  const { id } = await params;
  const segment = await orNotFound(getSegmentOrThrow({ workspaceId: ctx.workspace.workspaceId, segmentId: id }));
  return (
    <>
      <PageHeader title={`Edit “${segment.name}”`} description={`Version ${segment.version}. Saving changed conditions makes version ${segment.version + 1}.`} />
      <SegmentBuilder segment={{ id: segment.id, name: segment.name, description: segment.description, definition: segment.definition }} />
    </>
  );
}
