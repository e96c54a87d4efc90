import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Dashboards" };

export default function Page() {
  return <AreaPage areaKey="dashboards" permission="dashboards:read" />;
}
