import Link from "next/link";
import type { StateTrace } from "@/lib/journeys/stats";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { STEP_WORDS } from "./labels";

const TONE: Record<string, "green" | "blue" | "gray" | "amber"> = { active: "blue", converted: "green", completed: "gray", exited: "amber" };

/** On the profile page: each journey entry with its steps and their reasons. */
export function ProfileJourneys({ traces }: { traces: StateTrace[] }) {
  if (traces.length === 0) return <p className="text-sm text-slate-600">Not in any journey yet.</p>;
  return (
    <ul className="space-y-4" data-testid="profile-journeys">
      {traces.map((t) => (
        <li key={t.stateId}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Link href={`/journeys/${t.journeyId}`} className="font-medium text-brand-700 hover:underline">
              {t.journeyName}
            </Link>
            <Badge tone={TONE[t.status] ?? "gray"}>{t.status}</Badge>
            <span className="text-xs text-slate-500">
              entered {formatDateTime(t.enteredAt)}
              {t.status === "active" ? ` · at ${t.nodeId}${t.dueAt ? `, next check ${formatDateTime(t.dueAt)}` : ""}` : t.endReason ? ` · ${t.endReason}` : ""}
            </span>
          </div>
          <ol className="mt-1 flex flex-wrap gap-1 text-xs text-slate-600">
            {t.steps.map((s, i) => (
              <li key={i} title={s.detail ?? undefined} className="rounded bg-slate-100 px-1.5 py-0.5">
                {STEP_WORDS[s.kind] ?? s.kind} · {s.nodeId}
                {s.detail ? `: ${s.detail}` : ""}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}
