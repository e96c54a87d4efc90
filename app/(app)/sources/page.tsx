import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { SourceList } from "@/components/sources/source-list";
import { NewSourceForm } from "@/components/sources/new-source-form";
import { AreaEmpty } from "@/components/shell/area-empty";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listSources, sourceStats } from "@/lib/sources";

export const metadata = { title: "Sources" };

export default async function SourcesPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "sources:read");
  const [sources, stats] = await Promise.all([listSources({ workspaceId: ctx.workspace.workspaceId }), sourceStats({ workspaceId: ctx.workspace.workspaceId })]);
  const canWrite = pageCan(ctx, "sources:write");
  return (
    <>
      {sources.length === 0 ? (
        <AreaEmpty areaKey="sources" building={false} />
      ) : (
        <>
          <PageHeader title="Sources" description="Where your events come from. HTTP sources speak the Segment API: point analytics.js or a server SDK at this app with the source's write key." />
          <SourceList sources={sources} stats={stats} />
        </>
      )}
      {canWrite && (
        <div className="mt-6">
          <Card title="Add an HTTP source" description="You get a write key and a snippet to paste. Browser sources can be limited to your own origins.">
            <NewSourceForm />
          </Card>
        </div>
      )}
    </>
  );
}
