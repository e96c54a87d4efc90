import { AreaPage } from "../_shared/area-page";

export const metadata = { title: "Sources" };

export default function Page() {
  return <AreaPage areaKey="sources" permission="sources:read" />;
}
