import Link from "next/link";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { AlertSettingsForm } from "@/components/quality/alert-settings";
import { AnomalyList } from "@/components/quality/anomaly-list";
import { pagePersonalData } from "@/app/_server/pii";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { TableHead } from "@/components/ui/table-head";
import { ACTION_LABELS, eventHealth, getAlertSettings, listAnomalies, listViolations, qualityOverview, type ViolationAction } from "@/lib/quality";

export const metadata = { title: "Data quality" };

const change = (now: number, before: number) => {
  if (!before) return <span className="text-slate-500">new</span>;
  const pct = Math.round(((now - before) / before) * 100);
  return <span className={Math.abs(pct) >= 50 ? "font-medium text-amber-800" : "text-slate-700"}>{`${pct > 0 ? "+" : pct < 0 ? "−" : ""}${Math.abs(pct)}%`}</span>;
};
const volumeBadge = (direction: string | undefined) => (direction ? <Badge tone={direction === "drop" ? "red" : "amber"}>{direction}</Badge> : <span className="text-slate-500">as usual</span>);

export default async function DataQualityPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "sources:read");
  const ws = ctx.workspace.workspaceId;
  const [sources, events, violations, anomalies, alerts] = await Promise.all([
    qualityOverview(ws),
    eventHealth(ws),
    listViolations({ workspaceId: ws }).then((v) => pagePersonalData(ctx, v, { what: "tracking plan violations" })),
    listAnomalies({ workspaceId: ws }),
    getAlertSettings(ws),
  ]);
  const planned = sources.filter((s) => s.plan).length;
  const held = sources.reduce((n, s) => n + s.held, 0);
  const broken = sources.reduce((n, s) => n + s.violations24h, 0);
  return (
    <>
      <PageHeader title="Data quality" description="Tracking plans say what each source should send; events that break them are flagged, held in quarantine or dropped before segments, journeys and destinations see them. Fix the plan or the data, then replay what was held." />
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label="Sources with a plan" value={`${planned} of ${sources.length}`} />
        <Stat label="Violations, 24 h" value={broken.toLocaleString()} />
        <Stat label="Held in quarantine" value={held.toLocaleString()} testId="quality-held" />
        <Stat label="Refused, 24 h" value={sources.reduce((n, s) => n + s.rejected24h, 0).toLocaleString()} />
      </div>
      <div className="space-y-6">
        <Card title="Anomalies" description="Checked every hour: each event's and each source's volume against its own baseline for that hour of the week, new properties and types, properties suddenly missing or taking values never seen before, segments that jump in size.">
          <AnomalyList initial={anomalies} canWrite={pageCan(ctx, "sources:write")} />
          <div className="mt-5 border-t border-slate-100 pt-4">
            <AlertSettingsForm initial={alerts} canWrite={pageCan(ctx, "sources:write")} />
          </div>
        </Card>
        <Card title="Health per source" description="Open a source to write, generate or import its plan, and to replay what it held.">
          {sources.length === 0 ? (
            <p className="text-sm text-slate-600">No sources yet. Add one under Sources, then give it a tracking plan.</p>
          ) : (
            <table className="w-full text-sm" data-testid="quality-sources">
              <TableHead columns={["Source", "Plan", "Volume", { label: "Events, 24 h", className: "text-right" }, { label: "Violations, 24 h", className: "text-right" }, { label: "Held", className: "text-right" }, { label: "Refused, 24 h", className: "text-right" }]} />
              <tbody className="divide-y divide-slate-100">
                {sources.map((s) => (
                  <tr key={s.id}>
                    <td className="py-2 pr-3">
                      <Link href={`/sources/${s.id}`} className="font-medium text-brand-700 hover:underline">{s.name}</Link> <span className="text-xs text-slate-500">{s.kind}</span>
                    </td>
                    <td className="py-2 pr-3">
                      {s.plan ? (
                        <span className="text-slate-700">v{s.plan.version} · {s.plan.events} event{s.plan.events === 1 ? "" : "s"} · unplanned: {ACTION_LABELS[s.plan.onUnplanned as ViolationAction]} · invalid: {ACTION_LABELS[s.plan.onInvalid as ViolationAction]}</span>
                      ) : (
                        <Badge>no plan</Badge>
                      )}
                    </td>
                    <td className="py-2 pr-3">{volumeBadge(anomalies.find((a) => a.kind === "source" && a.status === "open" && a.subject === s.id)?.direction)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{s.events24h.toLocaleString()}</td>
                    <td className={`py-2 pr-3 text-right tabular-nums ${s.violations24h ? "font-medium text-amber-800" : ""}`}>{s.violations24h.toLocaleString()}</td>
                    <td className={`py-2 pr-3 text-right tabular-nums ${s.held ? "font-medium text-amber-800" : ""}`}>{s.held.toLocaleString()}</td>
                    <td className="py-2 text-right tabular-nums">{s.rejected24h.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Health per event" description="The busiest events of the week: the last 24 hours against the same 24 hours a week before, plan violations and open anomalies.">
          {events.length === 0 ? (
            <p className="text-sm text-slate-600">No events yet. Send some from a source (Sources → a source → its snippet), and each event&apos;s health shows here.</p>
          ) : (
            <table className="w-full text-sm" data-testid="quality-events">
              <TableHead columns={["Event", { label: "Last 24 h", className: "text-right" }, { label: "Same day last week", className: "text-right" }, { label: "Change", className: "text-right" }, { label: "Violations, 7 days", className: "text-right" }, "Anomalies"]} />
              <tbody className="divide-y divide-slate-100">
                {events.map((e) => (
                  <tr key={e.event}>
                    <td className="py-2 pr-3 font-medium text-slate-900">{e.event}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{e.last24h.toLocaleString()}</td>
                    <td className="py-2 pr-3 text-right tabular-nums text-slate-600">{e.weekBefore.toLocaleString()}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{change(e.last24h, e.weekBefore)}</td>
                    <td className={`py-2 pr-3 text-right tabular-nums ${e.violations7d ? "font-medium text-amber-800" : ""}`}>{e.violations7d.toLocaleString()}</td>
                    <td className="py-2">{e.openAnomalies ? <Badge tone="amber">{`${e.openAnomalies} open`}</Badge> : <span className="text-slate-500">none</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Violations, last 7 days" description="What broke a plan, most frequent first, with the latest example.">
          {violations.length === 0 ? (
            <p className="text-sm text-slate-600">No violations. Sources without a plan accept everything: give your main sources one.</p>
          ) : (
            <table className="w-full text-sm" data-testid="quality-violations">
              <TableHead columns={["Source", "Event", "Problem", { label: "Count", className: "text-right" }, "Action", "Last"]} />
              <tbody className="divide-y divide-slate-100">
                {violations.map((v) => (
                  <tr key={`${v.sourceId}|${v.event}|${v.path}|${v.kind}`}>
                    <td className="py-2 pr-3"><Link href={`/sources/${v.sourceId}`} className="text-brand-700 hover:underline">{v.sourceName}</Link></td>
                    <td className="py-2 pr-3 font-medium">{v.event}</td>
                    <td className="py-2 pr-3 text-slate-700">{v.message}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{v.count.toLocaleString()}</td>
                    <td className="py-2 pr-3"><Badge tone={v.action === "drop" ? "red" : v.action === "quarantine" ? "amber" : v.action === "flag" ? "blue" : "gray"}>{ACTION_LABELS[v.action]}</Badge></td>
                    <td className="py-2 text-slate-600">{formatRelative(v.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
