"use client";
import { useQuery } from "@tanstack/react-query";
import type { Explanation } from "@/lib/segments/explain";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { ExplainView } from "./explain-view";
import { useVocabulary } from "./use-vocabulary";

/** Why one profile is in the segment or not, condition by condition, with the values seen. */
export function WhyPanel({ segmentId, profileId }: { segmentId: string; profileId: string }) {
  const vocab = useVocabulary();
  const names = new Map(vocab.data?.segments.map((s) => [s.id, s.name]));
  const q = useQuery({
    queryKey: ["segment-explain", segmentId, profileId],
    queryFn: () => api<{ explanation: Explanation }>(`/api/segments/${segmentId}/explain?profileId=${encodeURIComponent(profileId)}`).then((r) => r.explanation),
  });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  if (!q.data) return <p className="text-sm text-slate-500">Checking each condition…</p>;
  return <ExplainView explanation={q.data} segmentName={(id) => names.get(id) ?? "unknown segment"} />;
}
