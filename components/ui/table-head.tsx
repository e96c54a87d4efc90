import { cn } from "./cn";

export type Column = { label: string; className?: string; srOnly?: boolean };

/** The header row every table of the app shares: small caps labels; `srOnly` for an actions column. */
export function TableHead({ columns, cellClassName = "py-2 pr-4" }: { columns: (Column | string)[]; cellClassName?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-200 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
        {columns.map((c) => {
          const col = typeof c === "string" ? { label: c } : c;
          return (
            <th key={col.label} className={cn(cellClassName, col.className)} aria-label={col.srOnly ? col.label : undefined}>
              {col.srOnly ? null : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
