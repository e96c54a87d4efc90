import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Data quality" };

export default function Page() {
  return <AreaPage areaKey="data-quality" permission="sources:read" />;
}
