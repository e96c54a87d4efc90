"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { Menu, X } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { AREAS } from "./areas";
import { WorkspaceSwitcher, type SwitcherWorkspace } from "./workspace-switcher";
import { UserMenu } from "./user-menu";

export function Sidebar(props: { allowed: string[]; workspaces: SwitcherWorkspace[]; currentId: string; user: { name: string; email: string }; roleLabel: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const items = AREAS.filter((a) => props.allowed.includes(a.key));
  const nav = (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-0.5 px-3 py-4">
      {items.map((a) => {
        const active = a.href === "/" ? pathname === "/" : pathname === a.href || pathname.startsWith(`${a.href}/`);
        return (
          <Link
            key={a.key}
            href={a.href}
            onClick={() => setOpen(false)}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              active ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800/60 hover:text-white",
            )}
          >
            <a.icon aria-hidden className="h-4 w-4 shrink-0" />
            {a.label}
          </Link>
        );
      })}
    </nav>
  );
  const body = (
    <div className="flex h-full flex-col bg-slate-900">
      <div className="flex items-center gap-2 px-5 pt-5 pb-3">
        <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-md bg-brand-500 text-sm font-bold text-white">
          ★
        </span>
        <span className="text-base font-semibold text-white">Northstar</span>
      </div>
      <div className="px-3">
        <WorkspaceSwitcher workspaces={props.workspaces} currentId={props.currentId} />
      </div>
      {nav}
      <UserMenu user={props.user} roleLabel={props.roleLabel} />
    </div>
  );
  return (
    <>
      <div className="sticky top-0 z-30 flex items-center gap-3 bg-slate-900 px-4 py-3 lg:hidden">
        <button type="button" onClick={() => setOpen(true)} aria-label="Open navigation" className="rounded p-1 text-slate-200 hover:bg-slate-800">
          <Menu className="h-5 w-5" aria-hidden />
        </button>
        <span className="font-semibold text-white">Northstar</span>
      </div>
      {open && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="absolute inset-0 bg-slate-900/60" onClick={() => setOpen(false)} />
          <div className="absolute inset-y-0 left-0 w-72">
            <button type="button" onClick={() => setOpen(false)} aria-label="Close navigation" className="absolute top-4 right-3 z-10 rounded p-1 text-slate-300 hover:bg-slate-800">
              <X className="h-5 w-5" aria-hidden />
            </button>
            {body}
          </div>
        </div>
      )}
      <aside className="fixed inset-y-0 left-0 hidden w-64 lg:block">{body}</aside>
    </>
  );
}
