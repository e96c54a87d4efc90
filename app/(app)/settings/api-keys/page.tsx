import { getPageContext, pageCan } from "@/app/_server/page-context";
import { forbiddenMessage } from "@/app/_server/context";
import { ApiKeys } from "@/components/settings/api-keys";
import { Forbidden } from "@/components/shell/forbidden";
import { listApiKeys } from "@/lib/api-keys";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await getPageContext();
  if (!pageCan(ctx, "apiKeys:read")) return <Forbidden message={forbiddenMessage("apiKeys:read", ctx.role)} />;
  const keys = await listApiKeys({ workspaceId: ctx.workspace.workspaceId });
  return <ApiKeys keys={keys} canWrite={pageCan(ctx, "apiKeys:write")} />;
}
