import type { ReactNode } from "react";
import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";

/** The admin console: Owners and Admins only, checked here on the server for every settings page. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "members:read");
  return (
    <>
      <PageHeader title="Settings" description={`Members, API keys, workspace settings and the audit log of ${ctx.workspace.name}.`} />
      <SettingsTabs />
      {children}
    </>
  );
}
