import Link from "next/link";
import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { Catalog } from "@/components/sources/catalog";
import { PageHeader } from "@/components/ui/page-header";
import { listMembers } from "@/lib/workspaces";

export const metadata = { title: "Data catalog" };

export default async function CatalogPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "sources:read");
  const members = (await listMembers({ workspaceId: ctx.workspace.workspaceId })).map((m) => ({ id: m.userId, name: m.name }));
  return (
    <>
      <Link href="/sources" className="text-sm text-brand-700 hover:underline">
        ← Sources
      </Link>
      <PageHeader title="Data catalog" description="Every event, property and trait seen: type, examples, volume, when first and last seen, what it means, who owns it, whether it is personal data, and where it is used." />
      <Catalog members={members} canEdit={pageCan(ctx, "dashboards:write") || pageCan(ctx, "workspace:write")} userId={ctx.user.id} isAdmin={pageCan(ctx, "workspace:write")} />
    </>
  );
}
