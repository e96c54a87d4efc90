import Link from "next/link";
import { Plus } from "lucide-react";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { LinkButton } from "@/components/ui/link-button";
import { SegmentStatusBadge } from "@/components/segments/status-badge";
import { AreaEmpty } from "@/components/shell/area-empty";
import { formatRelative } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { listSegments } from "@/lib/segments";

export const metadata = { title: "Segments" };

export default async function SegmentsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "segments:read");
  const segments = await listSegments({ workspaceId: ctx.workspace.workspaceId });
  const canWrite = pageCan(ctx, "segments:write");
  const action = canWrite ? (
    <LinkButton href="/segments/new">
      <Plus aria-hidden className="h-4 w-4" /> New segment
    </LinkButton>
  ) : undefined;
  if (segments.length === 0) return <AreaEmpty areaKey="segments" building={false} action={action} />;
  return (
    <>
      <PageHeader title="Segments" description="Audiences that update the moment customers act and as time passes. Open one to see who is in it, who entered or left, and why." actions={action} />
      <div className="overflow-x-auto rounded-lg bg-white px-5 py-2 shadow-sm ring-1 ring-slate-200">
        <table className="w-full text-sm">
          <TableHead columns={["Name", { label: "Members", className: "text-right" }, { label: "Last 24 h", className: "text-right" }, "Status", "Last evaluated"]} />
          <tbody className="divide-y divide-slate-100">
            {segments.map((s) => (
              <tr key={s.id}>
                <td className="py-3 pr-4">
                  <Link href={`/segments/${s.id}`} className="font-medium text-brand-700 hover:underline">
                    {s.name}
                  </Link>
                  {s.description && <p className="max-w-md truncate text-xs text-slate-500">{s.description}</p>}
                </td>
                <td className="py-3 pr-4 text-right font-medium tabular-nums">{s.memberCount.toLocaleString()}</td>
                <td className="py-3 pr-4 text-right text-xs tabular-nums">
                  <span className="text-emerald-700">+{s.entered24h.toLocaleString()}</span> <span className="text-red-700">−{s.exited24h.toLocaleString()}</span>
                </td>
                <td className="py-3 pr-4">
                  <SegmentStatusBadge status={s.status} />
                </td>
                <td className="py-3 pr-4 text-slate-600">{formatRelative(s.lastEvaluatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
