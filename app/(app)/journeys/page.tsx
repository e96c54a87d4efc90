import Link from "next/link";
import { Plus } from "lucide-react";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { STATUS_TONES } from "@/components/journeys/labels";
import { AreaEmpty } from "@/components/shell/area-empty";
import { Badge } from "@/components/ui/badge";
import { formatRelative } from "@/components/ui/format";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { listJourneys } from "@/lib/journeys";

export const metadata = { title: "Journeys" };

const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : "–");

export default async function JourneysPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "journeys:read");
  const journeys = await listJourneys({ workspaceId: ctx.workspace.workspaceId });
  const action = pageCan(ctx, "journeys:write") ? (
    <LinkButton href="/journeys/new">
      <Plus aria-hidden className="h-4 w-4" /> New journey
    </LinkButton>
  ) : undefined;
  if (journeys.length === 0) return <AreaEmpty areaKey="journeys" building={false} action={action} />;
  return (
    <>
      <PageHeader title="Journeys" description="What each customer gets next: triggers, waits, branches and sends, run once per customer. Open one to see who is where and why." actions={action} />
      <div className="overflow-x-auto rounded-lg bg-white px-5 py-2 shadow-sm ring-1 ring-slate-200">
        <table className="w-full text-sm">
          <TableHead columns={["Name", "Status", "Trigger", { label: "In it now", className: "text-right" }, { label: "Entered", className: "text-right" }, { label: "Converted", className: "text-right" }, "Updated"]} />
          <tbody className="divide-y divide-slate-100">
            {journeys.map((j) => (
              <tr key={j.id}>
                <td className="py-3 pr-4">
                  <Link href={`/journeys/${j.id}`} className="font-medium text-brand-700 hover:underline">
                    {j.name}
                  </Link>
                  {j.description && <p className="max-w-md truncate text-xs text-slate-500">{j.description}</p>}
                </td>
                <td className="py-3 pr-4">
                  <Badge tone={STATUS_TONES[j.status]}>{j.status[0]!.toUpperCase() + j.status.slice(1)}</Badge>
                  {j.version && <span className="ml-1 text-xs text-slate-500">v{j.version}</span>}
                  {j.heldAt && j.status === "published" && <span className="ml-1"><Badge tone="amber">Held</Badge></span>}
                  {j.status !== "draft" && j.draftChanged && <span className="ml-1 text-xs text-amber-700">· unpublished changes</span>}
                </td>
                <td className="py-3 pr-4 text-slate-700">{j.trigger}</td>
                <td className="py-3 pr-4 text-right font-medium tabular-nums">{j.active.toLocaleString()}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{j.entered.toLocaleString()}</td>
                <td className="py-3 pr-4 text-right tabular-nums">
                  {j.converted.toLocaleString()} <span className="text-xs text-slate-500">({pct(j.converted, j.entered)})</span>
                </td>
                <td className="py-3 pr-4 text-slate-600">{formatRelative(j.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
