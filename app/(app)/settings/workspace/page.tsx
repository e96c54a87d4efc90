import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { WorkspaceSettingsForm } from "@/components/settings/workspace-settings-form";
import { Card } from "@/components/ui/card";
import { getWorkspaceSettings } from "@/lib/workspaces";

export const metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "workspace:read");
  const settings = await getWorkspaceSettings({ workspaceId: ctx.workspace.workspaceId });
  const timezones = ["UTC", ...Intl.supportedValuesOf("timeZone")];
  return (
    <Card title="Workspace" description="The time zone is used for every chart, schedule and “today” in this workspace.">
      <WorkspaceSettingsForm settings={settings} timezones={timezones} canWrite={pageCan(ctx, "workspace:write")} />
    </Card>
  );
}
