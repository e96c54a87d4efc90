import { ArrowRight } from "lucide-react";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { areaByKey } from "./areas";

/** What an area will do, for areas not built yet or with nothing in them. */
export function AreaEmpty({ areaKey, building = true, action }: { areaKey: string; building?: boolean; action?: ReactNode }) {
  const area = areaByKey(areaKey);
  return (
    <>
      <PageHeader title={area.label} />
      <EmptyState icon={area.icon} title={area.title} action={action}>
        <p>{area.description}</p>
        <ul className="mt-5 space-y-2 text-left">
          {area.next.map((n) => (
            <li key={n} className="flex items-center gap-2 text-slate-700">
              <ArrowRight aria-hidden className="h-4 w-4 text-brand-500" /> {n}
            </li>
          ))}
        </ul>
        {building && <p className="mt-5 text-xs text-slate-500">This area is being built. The demo workspace will show it with sample data as soon as it lands.</p>}
      </EmptyState>
    </>
  );
}
