import Link from "next/link";
import { ArrowRight, Layers, Radio, UserPlus } from "lucide-react";
import { getPageContext, pageCan } from "@/app/_server/page-context";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listMembers } from "@/lib/workspaces";
import { workspaceOverview } from "@/lib/profiles";
import { DailyEventsChart } from "@/components/home/daily-events-chart";

export const metadata = { title: "Home" };

export default async function HomePage() {
  const ctx = await getPageContext();
  const canManage = pageCan(ctx, "members:read");
  const members = canManage ? await listMembers({ workspaceId: ctx.workspace.workspaceId }) : null;
  const steps = [
    { icon: Radio, title: "Connect a source", text: "Send events with the Segment SDKs or import a CSV of customers.", href: "/sources", show: pageCan(ctx, "sources:read") },
    {
      icon: UserPlus,
      title: "Invite your team",
      text: members ? `${members.length} member${members.length === 1 ? "" : "s"} so far. Give marketers, analysts and viewers their own access.` : "Ask an Admin to invite your colleagues.",
      href: "/settings",
      show: canManage,
    },
    { icon: Layers, title: "Build your first segment", text: "Describe an audience and watch it update as customers act.", href: "/segments", show: pageCan(ctx, "segments:read") },
  ].filter((s) => s.show);
  const overview = pageCan(ctx, "profiles:read") ? await workspaceOverview({ workspaceId: ctx.workspace.workspaceId }) : null;
  const stats = overview
    ? [
        { label: "Profiles", value: overview.profiles, href: "/profiles" },
        { label: "Known (with a user id)", value: overview.knownProfiles, note: overview.profiles ? `${Math.round((overview.knownProfiles / overview.profiles) * 100)}%` : undefined, href: "/profiles" },
        { label: "Events, last 7 days", value: overview.events7d, href: "/sources" },
        { label: "Active sources", value: overview.sources, href: "/sources" },
      ]
    : [];
  return (
    <>
      <PageHeader title={`Welcome to ${ctx.workspace.name}`} description="Everything your customers do, in one place on your own PostgreSQL: profiles, live segments, journeys, syncs and analytics." />
      {overview && overview.profiles > 0 && (
        <div className="mb-6 space-y-6">
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {stats.map((s) => (
              <Link key={s.label} href={s.href} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500">
                <dt className="text-xs font-medium text-slate-500">{s.label}</dt>
                <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid={`stat-${s.label}`}>
                  {s.value.toLocaleString()} {s.note && <span className="text-sm font-normal text-slate-500">{s.note}</span>}
                </dd>
              </Link>
            ))}
          </dl>
          <Card title="Events per day" description="Tracked events and page views received in the last 30 days, in the workspace's time zone.">
            <DailyEventsChart />
          </Card>
        </div>
      )}
      <Card title="Get started" description="Three steps to your first live audience.">
        <ol className="grid gap-4 md:grid-cols-3">
          {steps.map((s, i) => (
            <li key={s.title}>
              <Link href={s.href} className="group block h-full rounded-lg p-4 ring-1 ring-slate-200 hover:bg-slate-50 hover:ring-brand-500">
                <span className="flex items-center gap-2 text-sm font-semibold text-slate-900">
                  <span className="flex h-6 w-6 items-center justify-center rounded-full bg-brand-50 text-xs text-brand-700">{i + 1}</span>
                  <s.icon aria-hidden className="h-4 w-4 text-brand-600" /> {s.title}
                </span>
                <p className="mt-2 text-sm text-slate-600">{s.text}</p>
                <span className="mt-3 inline-flex items-center gap-1 text-sm font-medium text-brand-700 group-hover:underline">
                  Open <ArrowRight aria-hidden className="h-3.5 w-3.5" />
                </span>
              </Link>
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
