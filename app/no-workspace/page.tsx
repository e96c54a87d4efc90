import { redirect } from "next/navigation";
import { getSessionUser } from "@/app/_server/session";
import { AuthCard } from "@/components/auth/auth-card";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";

export const dynamic = "force-dynamic";

export default async function NoWorkspacePage() {
  if (!(await getSessionUser())) redirect("/login");
  return (
    <AuthCard title="You are not in any workspace" subtitle="You were removed from your last workspace, or have not joined one. Ask an Admin for an invitation, or start a workspace of your own.">
      <CreateWorkspaceForm />
    </AuthCard>
  );
}
