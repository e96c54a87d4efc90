import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { InviteForm } from "@/components/settings/invite-form";
import { InvitationList } from "@/components/settings/invitation-list";
import { MemberTable } from "@/components/settings/member-table";
import { Card } from "@/components/ui/card";
import { listInvitations, listMembers } from "@/lib/workspaces";

export const metadata = { title: "Members" };

export default async function MembersPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "members:read");
  const [members, invitations] = await Promise.all([listMembers({ workspaceId: ctx.workspace.workspaceId }), listInvitations({ workspaceId: ctx.workspace.workspaceId })]);
  const canWrite = pageCan(ctx, "members:write");
  return (
    <div className="space-y-6">
      {canWrite && (
        <Card title="Invite a member" description="They get a link to join this workspace with the role you choose. Links expire after 7 days.">
          <InviteForm actorRole={ctx.role} />
        </Card>
      )}
      <Card title={`Members (${members.length})`}>
        <MemberTable members={members} actorRole={ctx.role} selfId={ctx.user.id} canWrite={canWrite} />
      </Card>
      {invitations.length > 0 && (
        <Card title={`Pending invitations (${invitations.length})`}>
          <InvitationList invitations={invitations} canWrite={canWrite} />
        </Card>
      )}
    </div>
  );
}
