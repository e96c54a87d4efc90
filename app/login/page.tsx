import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { getSessionUser } from "@/app/_server/session";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { isInstallEmpty } from "@/lib/auth";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await isInstallEmpty()) redirect("/signup");
  if (await getSessionUser()) redirect("/");
  return (
    <AuthCard title="Sign in to Northstar" subtitle="Use the email and password of your account.">
      <Suspense>
        <LoginForm />
      </Suspense>
      <p className="mt-6 text-center text-xs text-slate-500">
        No account? Ask an Admin of your workspace for an invitation. <Link href="/" className="sr-only">Home</Link>
      </p>
    </AuthCard>
  );
}
