import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Segments" };

export default function Page() {
  return <AreaPage areaKey="segments" permission="segments:read" />;
}
