import Link from "next/link";
import { Lock } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown when a page is refused: says why and what to do, with the 403 status in the text for clarity. */
export function Forbidden({ message }: { message: string }) {
  return (
    <EmptyState icon={Lock} title="You don't have access to this page" action={<Link className="text-sm font-medium text-brand-700 hover:underline" href="/">Go to Home</Link>}>
      <p data-testid="forbidden">{message}</p>
      <p className="mt-2 text-xs text-slate-500">Error 403 · Access is decided by your role in this workspace.</p>
    </EmptyState>
  );
}
