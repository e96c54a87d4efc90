import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A link that looks like a button (navigation, not an action). */
export function LinkButton({ href, children, variant = "primary", download }: { href: string; children: ReactNode; variant?: "primary" | "secondary"; download?: boolean }) {
  const style = variant === "primary" ? "bg-brand-600 text-white hover:bg-brand-700 shadow-sm" : "bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 shadow-sm";
  const cls = cn("inline-flex items-center gap-1 rounded-md px-3 py-2 text-sm font-medium", style);
  if (download)
    return (
      <a href={href} className={cls} download>
        {children}
      </a>
    );
  return (
    <Link href={href} className={cls}>
      {children}
    </Link>
  );
}
