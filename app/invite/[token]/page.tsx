import Link from "next/link";
import { getSessionUser } from "@/app/_server/session";
import { AcceptInvite } from "@/components/auth/accept-invite";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { ROLE_LABELS } from "@/lib/auth";
import { getInvitationByToken } from "@/lib/workspaces";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const PROBLEMS = {
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
  used: "This invitation was already used. Sign in to continue.",
  revoked: "This invitation was withdrawn. Ask the person who invited you for a new one.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getInvitationByToken(token);
  if (!invite) {
    return (
      <AuthCard title="Invitation not found">
        <Alert>This invitation link is not valid. Check that you copied all of it, or ask for a new one.</Alert>
      </AuthCard>
    );
  }
  if (invite.status !== "valid") {
    return (
      <AuthCard title={`Join ${invite.workspaceName}`}>
        <Alert>{PROBLEMS[invite.status]}</Alert>
        <p className="mt-4 text-center text-sm">
          <Link className="font-medium text-brand-700 hover:underline" href="/login">
            Go to sign in
          </Link>
        </p>
      </AuthCard>
    );
  }
  const user = await getSessionUser();
  const subtitle = (
    <>
      You are invited to <strong>{invite.workspaceName}</strong> as <strong>{ROLE_LABELS[invite.role]}</strong> ({invite.email}).
    </>
  );
  if (user && user.email !== invite.email) {
    return (
      <AuthCard title={`Join ${invite.workspaceName}`} subtitle={subtitle}>
        <Alert tone="warning">You are signed in as {user.email}, but this invitation is for {invite.email}. Sign out, then open the link again.</Alert>
      </AuthCard>
    );
  }
  if (!user && invite.accountExists) {
    return (
      <AuthCard title={`Join ${invite.workspaceName}`} subtitle={subtitle}>
        <p className="text-sm text-slate-700">An account for {invite.email} exists. Sign in, and you will come back here to accept.</p>
        <Link href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className="mt-4 block rounded-md bg-brand-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
          Sign in to accept
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invite.workspaceName}`} subtitle={subtitle}>
      <AcceptInvite token={token} email={invite.email} mode={user ? "join" : "create"} />
    </AuthCard>
  );
}
