"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ConsentChange } from "@/lib/privacy/consent";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";

const PURPOSES = ["analytics", "marketing_email", "advertising", "personalization"];

/** A profile's consent per purpose, its history (when, from where, on which basis), and — for privacy admins — changing it by hand. */
export function ConsentPanel({ profileId, consent, canWrite }: { profileId: string; consent: Record<string, { granted?: unknown; at?: string; source?: string }>; canWrite: boolean }) {
  const qc = useQueryClient();
  const router = useRouter();
  const history = useQuery({ queryKey: ["consent", profileId], queryFn: () => api<{ history: ConsentChange[] }>(`/api/profiles/${profileId}/consent`) });
  const change = useMutation({
    mutationFn: (v: { purpose: string; granted: boolean }) => api(`/api/profiles/${profileId}/consent`, { method: "POST", body: { ...v, source: "changed in the profile page" } }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["consent", profileId] });
      router.refresh();
    },
  });
  return (
    <div className="space-y-4">
      <ul className="space-y-2 text-sm" data-testid="consent">
        {PURPOSES.map((p) => {
          const c = consent[p];
          const granted = c ? String(c.granted) === "true" : null;
          return (
            <li key={p} className="flex items-center justify-between gap-2">
              <span className="text-slate-700">{p.replace("_", " ")}</span>
              <span className="flex items-center gap-2">
                {granted === null ? <Badge>unknown</Badge> : <Badge tone={granted ? "green" : "red"}>{granted ? "granted" : "withdrawn"}</Badge>}
                {canWrite && (
                  <Button variant="ghost" className="px-2 py-0.5 text-xs" busy={change.isPending && change.variables?.purpose === p} onClick={() => change.mutate({ purpose: p, granted: !granted })}>
                    {granted ? "Withdraw" : "Grant"}
                  </Button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {change.error && <Alert>{(change.error as Error).message}</Alert>}
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-700">History ({history.data?.history.length ?? "…"})</summary>
        <ul className="mt-2 space-y-1 text-xs text-slate-600" data-testid="consent-history">
          {history.data?.history.length === 0 && <li>No change recorded yet.</li>}
          {history.data?.history.map((h, i) => (
            <li key={i}>
              {formatDateTime(h.at)}: <span className="font-medium">{h.purpose.replace("_", " ")}</span> {h.granted ? "granted" : "withdrawn"} · {h.source} · basis: {h.legalBasis.replace(/_/g, " ")}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
