import Link from "next/link";
import { LayoutDashboard, Plus, Terminal } from "lucide-react";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { AreaEmpty } from "@/components/shell/area-empty";
import { formatRelative } from "@/components/ui/format";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { listDashboards } from "@/lib/analytics";

export const metadata = { title: "Dashboards" };

export default async function DashboardsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "dashboards:read");
  const dashboards = await listDashboards({ workspaceId: ctx.workspace.workspaceId });
  const action = (
    <div className="flex gap-2">
      {pageCan(ctx, "sql:read") && (
        <LinkButton href="/dashboards/sql" variant="secondary">
          <Terminal aria-hidden className="h-4 w-4" /> SQL console
        </LinkButton>
      )}
      <LinkButton href="/dashboards/insights/new">
        <Plus aria-hidden className="h-4 w-4" /> New insight
      </LinkButton>
    </div>
  );
  if (dashboards.length === 0) return <AreaEmpty areaKey="dashboards" building={false} action={action} />;
  return (
    <>
      <PageHeader title="Dashboards" description="Trends and funnels your team saved, side by side. Build an insight, then save it onto a dashboard." actions={action} />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {dashboards.map((d) => (
          <li key={d.id}>
            <Link href={`/dashboards/${d.id}`} className="flex h-full items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-400">
              <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600">
                <LayoutDashboard aria-hidden className="h-5 w-5" />
              </span>
              <span>
                <span className="block font-medium text-slate-900">{d.name}</span>
                {d.description && <span className="block text-sm text-slate-600">{d.description}</span>}
                <span className="mt-1 block text-xs text-slate-500">
                  {d.tileCount} {d.tileCount === 1 ? "insight" : "insights"} · changed {formatRelative(d.updatedAt)}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
