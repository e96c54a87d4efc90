import { getPageContext, requirePagePermission } from "@/app/_server/page-context";
import type { Permission } from "@/lib/auth/permissions";
import { AreaEmpty } from "@/components/shell/area-empty";

/** An area's page: checks the role on the server (403 when refused), then shows what the area does. */
export async function AreaPage({ areaKey, permission }: { areaKey: string; permission: Permission }) {
  const ctx = await getPageContext();
  requirePagePermission(ctx, permission);
  return <AreaEmpty areaKey={areaKey} />;
}
