import Link from "next/link";
import { notFound } from "next/navigation";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { pagePersonalData } from "@/app/_server/pii";
import { ProfileTimeline } from "@/components/profiles/profile-timeline";
import { UndoMergeButton } from "@/components/profiles/undo-merge-button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime, profileLabel } from "@/components/ui/format";
import { isAppError } from "@/lib/errors";
import { getProfile, profileEventNames, type ProfileDetail } from "@/lib/profiles";
import { profileSegments } from "@/lib/segments";
import { profileJourneys } from "@/lib/journeys";
import { profileFeatures } from "@/lib/ml";
import { ProfileJourneys } from "@/components/journeys/profile-journeys";
import { ConsentPanel } from "@/components/privacy/consent-panel";

export const metadata = { title: "Profile" };

export default async function ProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "profiles:read");
  const { id } = await params;
  let profile: ProfileDetail;
  try {
    profile = await pagePersonalData(ctx, await getProfile({ workspaceId: ctx.workspace.workspaceId, profileId: id }), { what: "profile", target: { type: "profile", id } });
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  const [names, segments, journeys, features] = await Promise.all([
    profileEventNames({ workspaceId: ctx.workspace.workspaceId, profileId: id }),
    pageCan(ctx, "segments:read") ? profileSegments({ workspaceId: ctx.workspace.workspaceId, profileId: id }) : Promise.resolve(null),
    pageCan(ctx, "journeys:read") ? profileJourneys({ workspaceId: ctx.workspace.workspaceId, profileId: id }).then((j) => pagePersonalData(ctx, j, { what: "profile journeys", target: { type: "profile", id } })) : Promise.resolve(null),
    pageCan(ctx, "models:read") ? profileFeatures(ctx.workspace.workspaceId, Number(id)) : Promise.resolve(null),
  ]);
  const traits = Object.entries(profile.traits).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="space-y-6">
      <Link href="/profiles" className="text-sm text-brand-700 hover:underline">
        ← Profiles
      </Link>
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">{profileLabel({ id: profile.id, name: profile.name, email: profile.email })}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {profile.email && <span>{profile.email} · </span>}
          {!pageCan(ctx, "pii:read") && <span className="text-amber-800">personal data masked for your role · </span>}
          {profile.eventCount.toLocaleString()} events · first seen {formatDateTime(profile.firstSeenAt)} · last seen {formatDateTime(profile.lastSeenAt)}
        </p>
        {profile.mergedInto && (
          <p className="mt-2 text-sm text-amber-800">
            This profile was merged into <Link className="underline" href={`/profiles/${profile.mergedInto}`}>profile #{profile.mergedInto}</Link>.
          </p>
        )}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Traits" className="lg:col-span-2">
          {traits.length === 0 ? (
            <p className="text-sm text-slate-600">No traits yet: they arrive with identify calls and imports.</p>
          ) : (
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="traits">
              {traits.map(([k, v]) => (
                <div key={k} className="flex justify-between gap-3 border-b border-slate-100 py-1">
                  <dt className="text-slate-500">{k}</dt>
                  <dd className="truncate text-right font-medium text-slate-900">{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
        <Card title="Consent">
          <ConsentPanel profileId={profile.id} consent={profile.consent} canWrite={pageCan(ctx, "privacy:write")} />
        </Card>
      </div>
      {segments && (
        <Card title={`Segments (${segments.length})`} description="Where this person is now; open a segment and choose “Why?” to see each condition.">
          {segments.length === 0 ? (
            <p className="text-sm text-slate-600">Not in any segment right now.</p>
          ) : (
            <ul className="flex flex-wrap gap-2 text-sm" aria-label="Segments of this profile">
              {segments.map((s) => (
                <li key={s.id}>
                  <Link href={`/segments/${s.id}`} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-brand-700 ring-1 ring-brand-100 hover:bg-brand-100" title={`Since ${formatDateTime(s.since)}`}>
                    {s.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      {features && Object.keys(features.features).length > 0 && (
        <Card title="Features" description={`What models and decisions read about this person, computed ${formatDateTime(features.computedAt)} (kept fresh as events arrive).`}>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-3" data-testid="features">
            {Object.entries(features.features).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => (
              <div key={k} className="flex justify-between gap-3 border-b border-slate-100 py-1">
                <dt className="text-slate-500">{k}</dt>
                <dd className="truncate text-right font-medium text-slate-900 tabular-nums">{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
      {journeys && (
        <Card title={`Journeys (${journeys.length})`} description="Where this person is in each journey, and why each step went the way it did.">
          <ProfileJourneys traces={journeys} />
        </Card>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={`Identities (${profile.identities.length})`}>
          <ul className="space-y-1 text-sm" data-testid="identities">
            {profile.identities.map((i) => (
              <li key={`${i.kind}:${i.value}`} className="flex items-center gap-2">
                <Badge>{i.kind.replace("_", " ")}</Badge> <span className="truncate font-mono text-xs">{i.value}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Merge history">
          {profile.merges.length === 0 ? (
            <p className="text-sm text-slate-600">No merges: every identifier arrived on this profile directly.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {profile.merges.map((m) => (
                <li key={m.id}>
                  {m.direction === "absorbed" ? "Absorbed" : "Merged into"} <Link className="text-brand-700 underline" href={`/profiles/${m.otherProfileId}`}>profile #{m.otherProfileId}</Link> by {m.cause.replace("_", " ")},{" "}
                  {formatDateTime(m.mergedAt)} <span className="text-slate-500">({m.identities.map((i) => i.value).join(", ") || "no identifiers"})</span>
                  {m.direction === "absorbed" && pageCan(ctx, "profiles:write") && <UndoMergeButton mergeId={m.id} otherProfileId={m.otherProfileId} />}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Activity">
        <ProfileTimeline profileId={profile.id} names={names} />
      </Card>
    </div>
  );
}
