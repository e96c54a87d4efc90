import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { DatabaseSetup } from "@/components/sources/database-setup";
import { LiveDebugger } from "@/components/sources/live-debugger";
import { SourceHeader } from "@/components/sources/source-header";
import { SourceSnippets } from "@/components/sources/source-snippets";
import { TransformationsEditor } from "@/components/sources/transformations-editor";
import { TrackingPlanEditor } from "@/components/quality/tracking-plan-editor";
import { VolumeChart } from "@/components/sources/volume-chart";
import { WebhookSetup } from "@/components/sources/webhook-setup";
import { Card } from "@/components/ui/card";
import { listSources } from "@/lib/sources";

export const metadata = { title: "Source" };

export default async function SourcePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "sources:read");
  const { id } = await params;
  const source = (await listSources({ workspaceId: ctx.workspace.workspaceId })).find((s) => s.id === id);
  if (!source) notFound();
  const h = await headers();
  const host = process.env.NEXTAUTH_URL ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  return (
    <div className="space-y-6">
      <SourceHeader source={source} canWrite={pageCan(ctx, "sources:write")} />
      <div className="grid gap-6 lg:grid-cols-2">
        {source.kind === "database" ? (
          <Card title="Database" description="A table or query of another PostgreSQL database, read on a schedule: only rows past the cursor each time." className="lg:col-span-2">
            <DatabaseSetup sourceId={source.id} canWrite={pageCan(ctx, "sources:write")} />
          </Card>
        ) : source.kind === "webhook" ? (
          <Card title="Webhook" description="Another system posts here; the mapping turns each payload into events or profile traits." className="lg:col-span-2">
            <WebhookSetup sourceId={source.id} url={`${host}/v1/webhooks/${source.writeKey}`} canWrite={pageCan(ctx, "sources:write")} />
          </Card>
        ) : (
          <Card title="Connect" description="Paste one of these where your events start. Only the host and the write key differ from Segment's own setup.">
            <SourceSnippets host={host} writeKey={source.writeKey} />
          </Card>
        )}
        <Card title="Volume, last 24 hours" description="Events accepted and messages refused, per hour.">
          <VolumeChart sourceId={source.id} />
        </Card>
      </div>
      <Card title="Transformations" description="Steps applied to every message from this source as it arrives, before validation, segments, journeys and destinations see it.">
        <TransformationsEditor sourceId={source.id} canWrite={pageCan(ctx, "sources:write")} />
      </Card>
      <Card title="Tracking plan" description="The events this source should send and what their properties look like. Events that break it are flagged, quarantined or dropped, as you choose, before anything downstream sees them.">
        <TrackingPlanEditor sourceId={source.id} canWrite={pageCan(ctx, "sources:write")} />
      </Card>
      <Card title="Live debugger" description="Events as they arrive, newest first, with the reason for anything refused. Updates every 2 seconds.">
        <LiveDebugger sourceId={source.id} />
      </Card>
    </div>
  );
}
