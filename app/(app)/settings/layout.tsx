import type { ReactNode } from "react";
import { forbiddenMessage } from "@/app/_server/context";
import { getPageContext, pageCan } from "@/app/_server/page-context";
import { Forbidden } from "@/components/shell/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";

/** The admin console: Owners and Admins only, checked here on the server for every settings page. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await getPageContext();
  if (!pageCan(ctx, "members:read")) return <Forbidden message={forbiddenMessage("members:read", ctx.role)} />;
  return (
    <>
      <PageHeader title="Settings" description={`Members, API keys, workspace settings and the audit log of ${ctx.workspace.name}.`} />
      <SettingsTabs />
      {children}
    </>
  );
}
