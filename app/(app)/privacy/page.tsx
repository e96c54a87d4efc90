import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Privacy" };

export default function Page() {
  return <AreaPage areaKey="privacy" permission="privacy:read" />;
}
