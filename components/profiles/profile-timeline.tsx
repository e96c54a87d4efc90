"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";

type Event = { id: string; ts: string; type: string; event: string | null; properties: Record<string, unknown> | null; traits: unknown; messageId: string };

function summary(e: Event): string {
  const p = e.properties ?? {};
  const keys = ["revenue", "name", "product_id", "path", "plan", "campaign_name", "topic"].filter((k) => p[k] !== undefined && p[k] !== null);
  return keys.map((k) => `${k}: ${String(p[k])}`).join(" · ");
}

export function ProfileTimeline({ profileId, names }: { profileId: string; names: { name: string; count: number }[] }) {
  const [event, setEvent] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: ["timeline", profileId, event],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams({ limit: "50" });
      if (event) p.set("event", event);
      if (pageParam) p.set("before", pageParam);
      return api<{ events: Event[]; next: string | null }>(`/api/profiles/${profileId}/events?${p}`);
    },
    getNextPageParam: (last) => last.next,
  });
  const events = q.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <div className="space-y-3">
      <div className="max-w-xs">
        <SelectField label="Event" value={event} onChange={(e) => setEvent(e.target.value)}>
          <option value="">All events</option>
          {names.map((n) => (
            <option key={n.name} value={n.name}>
              {n.name} ({n.count})
            </option>
          ))}
        </SelectField>
      </div>
      {q.isError && <Alert>{q.error.message}</Alert>}
      <ol className="divide-y divide-slate-100" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id} className="py-2 text-sm">
            <button type="button" className="flex w-full flex-wrap items-center gap-2 text-left" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
              <span className="w-44 shrink-0 text-xs text-slate-500">{formatDateTime(e.ts)}</span>
              <Badge tone={e.type === "track" ? "blue" : "gray"}>{e.type}</Badge>
              <span className="font-medium text-slate-900">{e.event ?? ""}</span>
              <span className="truncate text-xs text-slate-500">{summary(e)}</span>
            </button>
            {open === e.id && <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs">{JSON.stringify({ messageId: e.messageId, properties: e.properties, traits: e.traits }, null, 2)}</pre>}
          </li>
        ))}
      </ol>
      {q.isLoading && <p className="text-sm text-slate-500">Loading activity…</p>}
      {!q.isLoading && events.length === 0 && <p className="text-sm text-slate-600">No events{event ? ` named ${event}` : ""}.</p>}
      {q.hasNextPage && (
        <Button variant="secondary" onClick={() => q.fetchNextPage()} busy={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? "Loading…" : "Older events"}
        </Button>
      )}
    </div>
  );
}
