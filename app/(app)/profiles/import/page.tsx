import Link from "next/link";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { ImportForm } from "@/components/imports/import-form";
import { ImportList } from "@/components/imports/import-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listImports } from "@/lib/imports";

export const metadata = { title: "Import CSV" };

export default async function ImportPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "profiles:read");
  const imports = await listImports({ workspaceId: ctx.workspace.workspaceId });
  return (
    <div className="space-y-6">
      <Link href="/profiles" className="text-sm text-brand-700 hover:underline">
        ← Profiles
      </Link>
      <PageHeader title="Import a CSV" description="Customers from a CRM export, or events from another tool. Rows go through the same identity resolution as live events; importing the same file twice stores nothing twice." />
      {pageCan(ctx, "profiles:write") && (
        <Card title="New import">
          <ImportForm />
        </Card>
      )}
      <Card title="Recent imports">
        <ImportList initial={imports} />
      </Card>
    </div>
  );
}
