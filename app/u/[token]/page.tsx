import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { unsubscribeInfo } from "@/lib/journeys";

export const metadata = { title: "Unsubscribe" };
export const dynamic = "force-dynamic";

/** Where the unsubscribe link in every journey email leads: one button, effective at once. */
export default async function UnsubscribePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> }) {
  const { token } = await params;
  const { done } = await searchParams;
  const info = await unsubscribeInfo(token);
  if (!info.found) {
    return (
      <AuthCard title="Link not recognised">
        <Alert>This unsubscribe link is not valid. Check that you opened the whole link from the email.</Alert>
      </AuthCard>
    );
  }
  if (done || info.alreadyDone) {
    return (
      <AuthCard title="You are unsubscribed">
        <p className="text-sm text-slate-700">You will not get marketing emails from {info.sender ?? "us"} any more. It took effect at once.</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Unsubscribe" subtitle={<>Stop marketing emails from <strong>{info.sender ?? "this sender"}</strong>.</>}>
      <form method="post" action={`/api/unsubscribe/${token}`}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit" className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Unsubscribe
        </button>
      </form>
    </AuthCard>
  );
}
