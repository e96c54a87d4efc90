import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/signup-form";
import { isInstallEmpty } from "@/lib/auth";

export const metadata = { title: "Create the first account" };
export const dynamic = "force-dynamic";

/** Open only on an empty install: the first person becomes the Owner. */
export default async function SignUpPage() {
  if (!(await isInstallEmpty())) redirect("/login");
  return (
    <AuthCard title="Set up Northstar" subtitle="Create the first account. You will be the Owner of your workspace and can invite your team next.">
      <SignUpForm />
    </AuthCard>
  );
}
