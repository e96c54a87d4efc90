import Link from "next/link";
import { Pencil, Plus } from "lucide-react";
import { getPageContext, orNotFound, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { MODE_SHORT, PURPOSE_LABELS, triggerText } from "@/components/destinations/labels";
import { ProviderIcon } from "@/components/destinations/provider-icon";
import { TestConnectionButton } from "@/components/destinations/test-connection-button";
import { Card } from "@/components/ui/card";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getDestination, listSyncs, providerOf } from "@/lib/activation";

export const metadata = { title: "Destination" };

export default async function DestinationPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:read");
  const workspaceId = ctx.workspace.workspaceId;
  const destination = await orNotFound(getDestination({ workspaceId, destinationId: (await params).id }));
  const syncs = await listSyncs({ workspaceId, destinationId: destination.id });
  const provider = providerOf(destination.kind);
  const canWrite = pageCan(ctx, "destinations:write");
  return (
    <>
      <PageHeader
        title={destination.name}
        description={provider?.description}
        actions={
          canWrite && (
            <div className="flex items-start gap-2">
              <LinkButton href={`/destinations/${destination.id}/edit`} variant="secondary">
                <Pencil aria-hidden className="h-4 w-4" /> Edit
              </LinkButton>
              <ConfirmDeleteButton path={`/api/destinations/${destination.id}`} question={`Delete “${destination.name}” and its ${syncs.length} sync(s)? Nothing is removed from the destination itself.`} then="/destinations" />
            </div>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Card title={<span className="flex items-center gap-2"><ProviderIcon kind={destination.kind} size="sm" /> {destination.kindLabel}</span>}>
          <dl className="space-y-2 text-sm">
            {provider?.fields.map((f) => (
              <div key={f.key}>
                <dt className="text-xs text-slate-500">{f.label}</dt>
                <dd className="font-mono break-all text-slate-800">{f.secret ? (destination.secretsSet.includes(f.key) ? "•••••••• (stored encrypted)" : "—") : destination.config[f.key] || "—"}</dd>
              </div>
            ))}
            <div>
              <dt className="text-xs text-slate-500">Consent required</dt>
              <dd>{destination.purpose ? (PURPOSE_LABELS[destination.purpose] ?? destination.purpose) : "None"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Limits</dt>
              <dd>
                {destination.ratePerSecond} requests a second, {destination.concurrency} at a time
              </dd>
            </div>
          </dl>
          {canWrite && (
            <div className="mt-4">
              <TestConnectionButton destinationId={destination.id} />
            </div>
          )}
        </Card>
        <Card
          title="Syncs to this destination"
          actions={
            canWrite && (
              <LinkButton href={`/destinations/syncs/new?destination=${destination.id}`}>
                <Plus aria-hidden className="h-4 w-4" /> New sync
              </LinkButton>
            )
          }
        >
          {syncs.length === 0 ? (
            <p className="text-sm text-slate-500">No segment is synced here yet. Create a sync to send one.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {syncs.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <Link href={`/destinations/syncs/${s.id}`} className="font-medium text-brand-700 hover:underline">
                    {s.segmentName}
                  </Link>
                  <span className="text-slate-600">
                    {MODE_SHORT[s.mode]} · {s.status === "active" ? triggerText(s.trigger, s.everyMinutes) : s.status === "held" ? "held by its circuit breaker" : "paused"} · {s.inDestination.toLocaleString()} sent
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
