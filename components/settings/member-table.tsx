"use client";
import { useMutation } from "@tanstack/react-query";
import { TableHead } from "@/components/ui/table-head";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatRelative } from "@/components/ui/format";
import { canAssignRole, ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/permissions";

type Member = { userId: string; name: string; email: string; role: RoleName; joinedAt: string; lastLoginAt: string | null };

export function MemberTable({ members, actorRole, selfId, canWrite }: { members: Member[]; actorRole: RoleName; selfId: string; canWrite: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: RoleName }) => api(`/api/settings/members/${userId}`, { method: "PATCH", body: { role } }),
    onSuccess: () => router.refresh(),
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api(`/api/settings/members/${userId}`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
    onError: (e) => setError(e.message),
  });

  return (
    <div className="space-y-3">
      {error && <Alert>{error}</Alert>}
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <TableHead columns={["Member", "Role", "Last sign-in", { label: "Actions", srOnly: true }]} />
          <tbody>
            {members.map((m) => {
              const editable = canWrite && canAssignRole(actorRole, m.role);
              return (
                <tr key={m.userId} className="border-b border-slate-100 last:border-0" data-testid={`member-${m.email}`}>
                  <td className="py-3 pr-4">
                    <div className="font-medium text-slate-900">
                      {m.name} {m.userId === selfId && <Badge>you</Badge>}
                    </div>
                    <div className="text-slate-500">{m.email}</div>
                  </td>
                  <td className="py-3 pr-4">
                    {editable ? (
                      <select
                        aria-label={`Role of ${m.email}`}
                        value={m.role}
                        disabled={change.isPending}
                        onChange={(e) => {
                          setError(null);
                          change.mutate({ userId: m.userId, role: e.target.value as RoleName });
                        }}
                        className="rounded-md border-0 bg-white py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
                      >
                        {ROLES.filter((r) => canAssignRole(actorRole, r)).map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <Badge tone={m.role === "owner" ? "blue" : "gray"}>{ROLE_LABELS[m.role]}</Badge>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-slate-600">{formatRelative(m.lastLoginAt)}</td>
                  <td className="py-3 text-right">
                    {editable && (
                      <Button
                        variant="danger"
                        className="px-2 py-1 text-xs"
                        aria-label={`Remove ${m.email}`}
                        disabled={remove.isPending}
                        onClick={() => {
                          setError(null);
                          if (confirm(`Remove ${m.email} from this workspace? They lose access at once.`)) remove.mutate(m.userId);
                        }}
                      >
                        Remove
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
