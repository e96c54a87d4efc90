import Link from "next/link";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { ConsentCoverage } from "@/components/privacy/consent-coverage";
import { RequestList } from "@/components/privacy/request-list";
import { RetentionPolicies } from "@/components/privacy/retention-policies";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { consentCoverage, listPolicies, listRequests, listRuns, suppressionStats } from "@/lib/privacy";

export const metadata = { title: "Privacy" };

export default async function PrivacyPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "privacy:read");
  const ws = ctx.workspace.workspaceId;
  const [requests, coverage, suppression, policies, runs] = await Promise.all([listRequests({ workspaceId: ws }), consentCoverage(ws), suppressionStats(ws), listPolicies(ws), listRuns(ws)]);
  const open = requests.filter((r) => r.status !== "completed");
  const overdue = open.filter((r) => r.overdue);
  const canWrite = pageCan(ctx, "privacy:write");
  return (
    <>
      <PageHeader
        title="Privacy"
        description={
          <>
            Data subject requests (GDPR access and erasure, CCPA deletion), consent per purpose, and how long data is kept. Personal fields are classified in the{" "}
            <Link className="text-brand-700 underline" href="/sources/catalog">data catalog</Link>; Analysts and Viewers see them masked.
          </>
        }
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label="Open requests" value={open.length.toLocaleString()} testId="open-requests" />
        <Stat label="Overdue" value={<span className={overdue.length ? "text-red-700" : undefined}>{overdue.length.toLocaleString()}</span>} />
        <Stat label="Erased identifiers suppressed" value={suppression.identifiers.toLocaleString()} />
        <Stat label="Their messages blocked since" value={suppression.blocked.toLocaleString()} />
      </div>
      <div className="space-y-6">
        <Card title="Data subject requests" description="Access exports everything held on a person (profile, identities, events, segments, journeys, messages, what destinations received). Erasure deletes all of it, asks destinations to delete them, and keeps later events of the same identifiers out unless the person comes back with consent.">
          <RequestList initial={requests} canWrite={canWrite} />
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Consent by purpose" description="Every sync and journey send checks the purpose it needs at send time; a withdrawal stops sends at once.">
            <ConsentCoverage rows={coverage} />
          </Card>
          <Card title="Retention" description="Events older than their period are deleted every hour; whole months go at once when nothing in them is kept.">
            <RetentionPolicies initial={{ policies, runs }} canWrite={canWrite} />
          </Card>
        </div>
      </div>
    </>
  );
}
