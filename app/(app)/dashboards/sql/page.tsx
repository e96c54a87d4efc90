import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { SqlConsole } from "@/components/analytics/sql-console";
import { PageHeader } from "@/components/ui/page-header";
import { consoleSchema } from "@/lib/analytics";

export const metadata = { title: "SQL console" };

export default async function SqlPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "sql:read");
  return (
    <>
      <PageHeader title="SQL console" description="Ask anything of this workspace's events, profiles and segments in SQL. Read-only; other workspaces are out of reach; every query is in the audit log." />
      <SqlConsole tables={await consoleSchema()} />
    </>
  );
}
