import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { PageHeader } from "@/components/ui/page-header";
import { getSegmentOrThrow } from "@/lib/segments";
import { isAppError } from "@/lib/errors";
import { notFound } from "next/navigation";

export const metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "segments:write");
  const { id } = await params;
  const segment = await getSegmentOrThrow({ workspaceId: ctx.workspace.workspaceId, segmentId: id }).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!segment) notFound();
  return (
    <>
      <PageHeader title={`Edit “${segment.name}”`} description={`Version ${segment.version}. Saving changed conditions makes version ${segment.version + 1}.`} />
      <SegmentBuilder segment={{ id: segment.id, name: segment.name, description: segment.description, definition: segment.definition }} />
    </>
  );
}
