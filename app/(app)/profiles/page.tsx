import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Profiles" };

export default function Page() {
  return <AreaPage areaKey="profiles" permission="profiles:read" />;
}
