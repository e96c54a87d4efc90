"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";

export function SignUpForm() {
  const router = useRouter();
  const { onSubmit, error, busy } = useSubmit(async (f) => {
    const body = { name: f.get("name"), email: f.get("email"), password: f.get("password"), workspaceName: f.get("workspaceName") };
    await api("/api/signup", { method: "POST", body });
    const res = await signIn("credentials", { redirect: false, email: String(body.email), password: String(body.password) });
    if (res?.error) throw new Error(res.error);
    router.push("/");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert>{error}</Alert>}
      <TextField label="Your name" name="name" autoComplete="name" required autoFocus />
      <TextField label="Work email" name="email" type="email" autoComplete="email" required />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters." />
      <TextField label="Workspace name" name="workspaceName" required placeholder="Acme Inc." hint="Usually your company or brand. You can add more workspaces later." />
      <Button type="submit" className="w-full" busy={busy}>
        {busy ? "Creating your workspace…" : "Create account and workspace"}
      </Button>
    </form>
  );
}
