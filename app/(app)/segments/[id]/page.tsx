import { Download, Pencil } from "lucide-react";
import { getPageContext, orNotFound, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { ChangesList } from "@/components/segments/changes-list";
import { definitionText } from "@/components/segments/describe";
import { LinkButton } from "@/components/ui/link-button";
import { MembersTable } from "@/components/segments/members-table";
import { SegmentOverview } from "@/components/segments/segment-overview";
import { SizeChart } from "@/components/segments/size-chart";
import { Card } from "@/components/ui/card";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { PageHeader } from "@/components/ui/page-header";
import { getSegmentOrThrow, listSegments } from "@/lib/segments";

export const metadata = { title: "Segment" };

export default async function SegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "segments:read");
  const { id } = await params;
  const workspaceId = ctx.workspace.workspaceId;
  const segment = await orNotFound(getSegmentOrThrow({ workspaceId, segmentId: id }));
  const names = new Map((await listSegments({ workspaceId })).map((s) => [s.id, s.name]));
  const canWrite = pageCan(ctx, "segments:write");
  return (
    <>
      <PageHeader
        title={segment.name}
        description={segment.description || undefined}
        actions={
          <div className="flex items-start gap-2">
            <LinkButton href={`/api/segments/${segment.id}/export`} variant="secondary" download>
              <Download aria-hidden className="h-4 w-4" /> Export CSV
            </LinkButton>
            {canWrite && (
              <LinkButton href={`/segments/${segment.id}/edit`}>
                <Pencil aria-hidden className="h-4 w-4" /> Edit
              </LinkButton>
            )}
            {canWrite && <ConfirmDeleteButton path={`/api/segments/${segment.id}`} question={`Delete the segment “${segment.name}”? Its membership history and its syncs go with it.`} then="/segments" />}
          </div>
        }
      />
      <p className="-mt-3 mb-5 max-w-4xl text-sm text-slate-700">
        <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-500">v{segment.version}</span>
        {definitionText(segment.definition, (sid) => names.get(sid) ?? "a deleted segment")}
      </p>
      <div className="space-y-6">
        <SegmentOverview initial={segment} />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <Card title="Size over time" description="Members at the end of each day; who entered or left each day (live changes, not the build from history).">
            <SizeChart segmentId={segment.id} />
          </Card>
          <Card title="Entered and left" description="Live: the latest changes and what caused them.">
            <ChangesList segmentId={segment.id} />
          </Card>
        </div>
        <Card title="Members">
          <MembersTable segmentId={segment.id} />
        </Card>
      </div>
    </>
  );
}
