import Link from "next/link";
import { getPageContext, orNotFound, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { MODE_SHORT, triggerText } from "@/components/destinations/labels";
import { SyncView } from "@/components/destinations/sync-view";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { PageHeader } from "@/components/ui/page-header";
import { getSync } from "@/lib/activation";

export const metadata = { title: "Sync" };

export default async function SyncPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:read");
  const sync = await orNotFound(getSync({ workspaceId: ctx.workspace.workspaceId, syncId: (await params).id }));
  const canWrite = pageCan(ctx, "destinations:write");
  return (
    <>
      <PageHeader
        title={`${sync.segmentName} → ${sync.destinationName}`}
        description={
          <>
            <Link href={`/segments/${sync.segmentId}`} className="text-brand-700 hover:underline">
              {sync.segmentName}
            </Link>{" "}
            to{" "}
            <Link href={`/destinations/${sync.destinationId}`} className="text-brand-700 hover:underline">
              {sync.destinationName}
            </Link>{" "}
            · {MODE_SHORT[sync.mode]} · {triggerText(sync.trigger, sync.everyMinutes)} · maps {sync.mapping.map((m) => m.to).join(", ")}
          </>
        }
        actions={canWrite && <ConfirmDeleteButton path={`/api/syncs/${sync.id}`} question="Delete this sync? Its history goes with it; nothing is removed from the destination." then="/destinations" />}
      />
      <SyncView initial={sync} canWrite={canWrite} />
    </>
  );
}
