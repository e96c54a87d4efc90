"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/ui/api";
import type { FieldInfo } from "@/lib/segments/vocabulary";

export type Vocabulary = { events: string[]; traits: FieldInfo[]; purposes: string[]; segments: { id: string; name: string }[] };

/** Event names, traits, consent purposes and segments seen in the workspace, for pickers. */
export function useVocabulary() {
  return useQuery({ queryKey: ["segment-vocabulary"], queryFn: () => api<Vocabulary>("/api/segments/vocabulary"), staleTime: 60_000 });
}

/** Properties of one event with their usual type and common values. */
export function useEventProperties(event: string) {
  return useQuery({
    queryKey: ["segment-event-properties", event],
    queryFn: () => api<{ properties: FieldInfo[] }>(`/api/segments/vocabulary?event=${encodeURIComponent(event)}`),
    enabled: event.length > 0,
    staleTime: 60_000,
  });
}
