import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Models" };

export default function Page() {
  return <AreaPage areaKey="models" permission="models:read" />;
}
