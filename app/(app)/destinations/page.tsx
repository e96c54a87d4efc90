import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Destinations" };

export default function Page() {
  return <AreaPage areaKey="destinations" permission="destinations:read" />;
}
