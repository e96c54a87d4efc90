import Link from "next/link";
import { TableHead } from "@/components/ui/table-head";
import { FileUp, Search, Sigma, Users } from "lucide-react";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { pagePersonalData } from "@/app/_server/pii";
import { EmptyState } from "@/components/ui/empty-state";
import { formatRelative, profileLabel } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { searchProfiles } from "@/lib/profiles";

export const metadata = { title: "Profiles" };

export default async function ProfilesPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "profiles:read");
  const { q } = await searchParams;
  const masked = !pageCan(ctx, "pii:read");
  const profiles = await pagePersonalData(ctx, await searchProfiles({ workspaceId: ctx.workspace.workspaceId, q, pseudonymousOnly: masked }), { what: q ? "profile search" : "profile list" });
  return (
    <>
      <PageHeader
        title="Profiles"
        description="One profile per person: anonymous visits and known identities merged, with traits, consent and everything they did."
        actions={
          <div className="flex gap-2">
            <Link href="/profiles/computed" className="inline-flex items-center gap-1 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
              <Sigma aria-hidden className="h-4 w-4" /> Computed traits
            </Link>
            <Link href="/profiles/import" className="inline-flex items-center gap-1 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
              <FileUp aria-hidden className="h-4 w-4" /> Import CSV
            </Link>
          </div>
        }
      />
      <form className="mb-4 flex max-w-xl gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search profiles
        </label>
        <input id="q" name="q" defaultValue={q} placeholder={masked ? "User id or anonymous id (personal data is masked for your role)" : "Email, user id, anonymous id or name"} className="block w-full rounded-md bg-white px-3 py-2 text-sm ring-1 ring-slate-300 ring-inset" />
        <button type="submit" className="inline-flex items-center gap-1 rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
          <Search aria-hidden className="h-4 w-4" /> Search
        </button>
      </form>
      {profiles.length === 0 ? (
        <EmptyState icon={Users} title={q ? `No profile matches “${q}”` : "No profiles yet"}>
          {q ? "Search by an exact identifier, or by the start of an email or name." : "Profiles appear as soon as a source sends events. Create a source under Sources and send a first event."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <TableHead cellClassName="px-4 py-2" columns={["Person", "User id", { label: "Events", className: "text-right" }, "Last seen"]} />
            <tbody>
              {profiles.map((p) => (
                <tr key={p.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-4 py-2">
                    <Link href={`/profiles/${p.id}`} className="font-medium text-brand-700 hover:underline">
                      {profileLabel({ id: p.id, name: p.name, email: p.email, userId: p.userId })}
                    </Link>
                    {p.email && p.name && <div className="text-xs text-slate-500">{p.email}</div>}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs text-slate-600">{p.userId ?? "—"}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{p.eventCount.toLocaleString()}</td>
                  <td className="px-4 py-2 text-slate-600">{formatRelative(p.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
