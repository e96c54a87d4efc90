import { getPageContext, pageCan } from "@/app/_server/page-context";
import { forbiddenMessage } from "@/app/_server/context";
import type { Permission } from "@/lib/auth/permissions";
import { AreaEmpty } from "@/components/shell/area-empty";
import { Forbidden } from "@/components/shell/forbidden";

/** An area's page: checks the role on the server, then shows what the area does. */
export async function AreaPage({ areaKey, permission }: { areaKey: string; permission: Permission }) {
  const ctx = await getPageContext();
  if (!pageCan(ctx, permission)) return <Forbidden message={forbiddenMessage(permission, ctx.role)} />;
  return <AreaEmpty areaKey={areaKey} />;
}
