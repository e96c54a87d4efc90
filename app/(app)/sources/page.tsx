import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { SourceList } from "@/components/sources/source-list";
import { NewSourceForm } from "@/components/sources/new-source-form";
import { AreaEmpty } from "@/components/shell/area-empty";
import { BookOpen } from "lucide-react";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
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
          <PageHeader
            title="Sources"
            description="Where your data comes from: websites and apps through the Segment API, other systems by webhook, other databases on a schedule."
            actions={
              <LinkButton href="/sources/catalog" variant="secondary">
                <BookOpen aria-hidden className="h-4 w-4" /> Data catalog
              </LinkButton>
            }
          />
          <SourceList sources={sources} stats={stats} />
        </>
      )}
      {canWrite && (
        <div className="mt-6">
          <Card title="Add a source" description="A website or app gets a write key and a snippet to paste; a webhook source gets a URL and a mapping; a database source reads a table on a schedule.">
            <NewSourceForm />
          </Card>
        </div>
      )}
    </>
  );
}
