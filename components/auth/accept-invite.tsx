"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";

/** Accept as the signed-in person (mode "join") or create the invited account (mode "create"). */
export function AcceptInvite({ token, email, mode }: { token: string; email: string; mode: "join" | "create" }) {
  const router = useRouter();
  const { onSubmit, error, busy } = useSubmit(async (f) => {
    const body = mode === "create" ? { name: f.get("name"), password: f.get("password") } : {};
    await api(`/api/invitations/${encodeURIComponent(token)}/accept`, { method: "POST", body });
    if (mode === "create") {
      const res = await signIn("credentials", { redirect: false, email, password: String(f.get("password")) });
      if (res?.error) throw new Error(res.error);
    }
    router.push("/");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert>{error}</Alert>}
      {mode === "create" && (
        <>
          <TextField label="Email" value={email} readOnly disabled />
          <TextField label="Your name" name="name" autoComplete="name" required autoFocus />
          <TextField label="Choose a password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters." />
        </>
      )}
      <Button type="submit" className="w-full" busy={busy}>
        {mode === "create" ? "Create account and join" : "Join workspace"}
      </Button>
    </form>
  );
}
