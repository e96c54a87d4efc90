"use client";
import { signOut } from "next-auth/react";
import { LogOut } from "lucide-react";

export function UserMenu({ user, roleLabel }: { user: { name: string; email: string }; roleLabel: string }) {
  return (
    <div className="border-t border-slate-800 px-4 py-3">
      <p className="truncate text-sm font-medium text-white">{user.name}</p>
      <p className="truncate text-xs text-slate-400" title={user.email}>
        {user.email} · {roleLabel}
      </p>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/login" })}
        className="mt-2 flex items-center gap-2 rounded px-1 py-1 text-xs text-slate-300 hover:text-white"
      >
        <LogOut aria-hidden className="h-3.5 w-3.5" /> Sign out
      </button>
    </div>
  );
}
