import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Journeys" };

export default function Page() {
  return <AreaPage areaKey="journeys" permission="journeys:read" />;
}
