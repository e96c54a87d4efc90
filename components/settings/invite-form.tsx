"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { SelectField, TextField } from "@/components/ui/field";
import { canAssignRole, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/permissions";

type Result = { link: string; mailed: boolean; invitation: { email: string; role: RoleName } };

export function InviteForm({ actorRole }: { actorRole: RoleName }) {
  const router = useRouter();
  const [role, setRole] = useState<RoleName>("marketer");
  const invite = useMutation({
    mutationFn: (body: { email: string; role: RoleName }) => api<Result>("/api/settings/invitations", { method: "POST", body }),
    onSuccess: () => router.refresh(),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    invite.mutate({ email: String(new FormData(e.currentTarget).get("email")), role });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-end" noValidate>
        <TextField label="Email" name="email" type="email" required placeholder="colleague@example.com" />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as RoleName)}>
          {ROLES.filter((r) => canAssignRole(actorRole, r)).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={invite.isPending}>
          {invite.isPending ? "Inviting…" : "Send invitation"}
        </Button>
      </form>
      <p className="text-xs text-slate-500">{ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}.</p>
      {invite.isError && <Alert>{invite.error.message}</Alert>}
      {invite.data && (
        <Alert tone="success" title={`Invitation for ${invite.data.invitation.email} created`}>
          <p className="mb-2">
            {invite.data.mailed ? "We emailed the link. You can also share it yourself:" : "Email is not configured (SMTP_URL), so share this link with them yourself:"}
          </p>
          <CopyField label="Invitation link" value={invite.data.link} testId="invite-link" />
          <p className="mt-2 text-xs">The link is shown only now. It works once and expires in 7 days.</p>
        </Alert>
      )}
    </div>
  );
}
