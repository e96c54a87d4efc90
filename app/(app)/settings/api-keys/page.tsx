import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { ApiKeys } from "@/components/settings/api-keys";
import { listApiKeys } from "@/lib/api-keys";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "apiKeys:read");
  const keys = await listApiKeys({ workspaceId: ctx.workspace.workspaceId });
  return <ApiKeys keys={keys} canWrite={pageCan(ctx, "apiKeys:write")} />;
}
