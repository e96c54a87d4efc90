"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { api } from "@/components/ui/api";

export type SwitcherWorkspace = { workspaceId: string; name: string; roleLabel: string };

export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: SwitcherWorkspace[]; currentId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const current = workspaces.find((w) => w.workspaceId === currentId);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  async function choose(id: string) {
    setOpen(false);
    if (id === currentId) return;
    try {
      await api("/api/workspaces/switch", { method: "POST", body: { workspaceId: id } });
      router.push("/");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`Workspace: ${current?.name ?? "none"}. Switch workspace`}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between rounded-md bg-slate-800 px-3 py-2 text-left text-sm text-white hover:bg-slate-700"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium" data-testid="current-workspace">
            {current?.name}
          </span>
          <span className="block text-xs text-slate-400">{current?.roleLabel}</span>
        </span>
        <ChevronsUpDown aria-hidden className="h-4 w-4 text-slate-400" />
      </button>
      {open && (
        <div className="absolute z-50 mt-1 w-full rounded-md bg-white py-1 shadow-lg ring-1 ring-black/10">
          <ul role="listbox" aria-label="Workspaces">
            {workspaces.map((w) => (
              <li key={w.workspaceId} role="option" aria-selected={w.workspaceId === currentId}>
                <button type="button" onClick={() => choose(w.workspaceId)} className="flex w-full items-center justify-between px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100">
                  <span className="truncate">{w.name}</span>
                  {w.workspaceId === currentId && <Check aria-hidden className="h-4 w-4 text-brand-600" />}
                </button>
              </li>
            ))}
          </ul>
          <Link href="/workspaces/new" onClick={() => setOpen(false)} className="flex items-center gap-2 border-t border-slate-100 px-3 py-2 text-sm text-brand-700 hover:bg-slate-50">
            <Plus aria-hidden className="h-4 w-4" /> New workspace
          </Link>
        </div>
      )}
      {error && <p className="mt-1 text-xs text-red-300">{error}</p>}
    </div>
  );
}
