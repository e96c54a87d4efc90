"use client";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const res = await signIn("credentials", { redirect: false, email: String(form.get("email")), password: String(form.get("password")) });
    if (!res || res.error) throw new Error(res?.error && res.error !== "CredentialsSignin" ? res.error : "Email or password is incorrect.");
    const next = params.get("callbackUrl");
    router.push(next && next.startsWith("/") ? next : "/");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert>{error}</Alert>}
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" busy={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
