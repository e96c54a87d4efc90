import type { ReactNode } from "react";
import { getPageContext } from "@/app/_server/page-context";
import { can, ROLE_LABELS } from "@/lib/auth";
import { AREAS } from "@/components/shell/areas";
import { Sidebar } from "@/components/shell/sidebar";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await getPageContext();
  const allowed = AREAS.filter((a) => a.permission === null || can(ctx.role, a.permission)).map((a) => a.key);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow">
        Skip to content
      </a>
      <Sidebar
        allowed={allowed}
        workspaces={ctx.workspaces.map((w) => ({ workspaceId: w.workspaceId, name: w.name, roleLabel: ROLE_LABELS[w.role] }))}
        currentId={ctx.workspace.workspaceId}
        user={{ name: ctx.user.name, email: ctx.user.email }}
        roleLabel={ROLE_LABELS[ctx.role]}
      />
      <main id="main" className="lg:pl-64">
        <div className="mx-auto max-w-6xl px-4 py-8 sm:px-8">{children}</div>
      </main>
    </div>
  );
}
