import Link from "next/link";
import { Plus } from "lucide-react";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { MODE_SHORT, PURPOSE_LABELS, RUN_STATUS, runTone, triggerText } from "@/components/destinations/labels";
import { ProviderIcon } from "@/components/destinations/provider-icon";
import { AreaEmpty } from "@/components/shell/area-empty";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { listDestinations, listSyncs } from "@/lib/activation";

export const metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "destinations:read");
  const workspaceId = ctx.workspace.workspaceId;
  const [destinations, syncs] = await Promise.all([listDestinations({ workspaceId }), listSyncs({ workspaceId })]);
  const canWrite = pageCan(ctx, "destinations:write");
  const action = canWrite ? (
    <LinkButton href="/destinations/new">
      <Plus aria-hidden className="h-4 w-4" /> Add destination
    </LinkButton>
  ) : undefined;
  if (destinations.length === 0) return <AreaEmpty areaKey="destinations" building={false} action={action} />;
  return (
    <>
      <PageHeader title="Destinations" description="Where segments go: ad audiences, email tools, webhooks, files and databases. Each sync sends only what changed, and only people whose consent allows it." actions={action} />
      <div className="space-y-6">
        <Card
          title="Syncs"
          description="A sync keeps a destination in step with a segment."
          actions={
            canWrite && (
              <LinkButton href="/destinations/syncs/new" variant="secondary">
                <Plus aria-hidden className="h-4 w-4" /> New sync
              </LinkButton>
            )
          }
        >
          {syncs.length === 0 ? (
            <p className="text-sm text-slate-500">No syncs yet. Create one to send a segment to one of your destinations.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <TableHead columns={["Segment → destination", "Mode", "When", { label: "In destination", className: "text-right" }, "Last run"]} />
                <tbody className="divide-y divide-slate-100">
                  {syncs.map((s) => (
                    <tr key={s.id}>
                      <td className="py-3 pr-4">
                        <Link href={`/destinations/syncs/${s.id}`} className="flex items-center gap-2 font-medium text-brand-700 hover:underline">
                          <ProviderIcon kind={s.destinationKind} size="sm" /> {s.segmentName} → {s.destinationName}
                        </Link>
                      </td>
                      <td className="py-3 pr-4">{MODE_SHORT[s.mode]}</td>
                      <td className="py-3 pr-4">{s.status === "paused" ? <Badge tone="amber">Paused</Badge> : s.status === "held" ? <Badge tone="red">Held by breaker</Badge> : triggerText(s.trigger, s.everyMinutes)}</td>
                      <td className="py-3 pr-4 text-right tabular-nums">
                        {s.inDestination.toLocaleString()}
                        {s.parked > 0 && <div className="text-xs text-red-700">{s.parked.toLocaleString()} failed</div>}
                      </td>
                      <td className="py-3 pr-4">
                        {s.lastRun ? (
                          <span className="flex items-center gap-2">
                            <Badge tone={runTone(s.lastRun.status)}>{RUN_STATUS[s.lastRun.status] ?? s.lastRun.status}</Badge>
                            <span className="text-xs text-slate-500">{formatRelative(s.lastRun.finishedAt ?? s.lastRun.startedAt)}</span>
                          </span>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Connected destinations">
          <ul className="divide-y divide-slate-100">
            {destinations.map((d) => (
              <li key={d.id} className="flex items-center gap-3 py-3">
                <ProviderIcon kind={d.kind} />
                <div className="min-w-0 flex-1">
                  <Link href={`/destinations/${d.id}`} className="font-medium text-brand-700 hover:underline">
                    {d.name}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {d.kindLabel} · {d.purpose ? `needs ${PURPOSE_LABELS[d.purpose] ?? d.purpose} consent` : "no consent needed"} · {d.syncCount} {d.syncCount === 1 ? "sync" : "syncs"}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
