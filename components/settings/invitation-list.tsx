"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";

type Invitation = { id: string; email: string; role: RoleName; expiresAt: string; expired: boolean };

export function InvitationList({ invitations, canWrite }: { invitations: Invitation[]; canWrite: boolean }) {
  const router = useRouter();
  const revoke = useMutation({ mutationFn: (id: string) => api(`/api/settings/invitations/${id}`, { method: "DELETE" }), onSuccess: () => router.refresh() });
  return (
    <div className="space-y-3">
      {revoke.isError && <Alert>{revoke.error.message}</Alert>}
      <ul className="divide-y divide-slate-100">
        {invitations.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
            <div>
              <span className="font-medium text-slate-900">{i.email}</span> <Badge>{ROLE_LABELS[i.role]}</Badge>{" "}
              {i.expired ? <Badge tone="red">expired</Badge> : <span className="text-slate-500">expires {formatDateTime(i.expiresAt)}</span>}
            </div>
            {canWrite && (
              <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => revoke.mutate(i.id)} disabled={revoke.isPending}>
                Withdraw
              </Button>
            )}
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">To send a fresh link, invite the same email again: the old link stops working.</p>
    </div>
  );
}
