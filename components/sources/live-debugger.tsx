"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Radio } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

type Item =
  | { kind: "event"; receivedAt: string; messageId: string; type: string; event: string | null; userId: string | null; anonymousId: string | null; profileId: string | null; properties: unknown; traits: unknown }
  | { kind: "rejected"; receivedAt: string; messageId: string | null; field: string; error: string; payload: unknown };

export function LiveDebugger({ sourceId }: { sourceId: string }) {
  const [paused, setPaused] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["debugger", sourceId], queryFn: () => api<{ items: Item[] }>(`/api/sources/${sourceId}/debugger`), refetchInterval: paused ? false : 2000 });
  const items = q.data?.items ?? [];
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <span className="flex items-center gap-2 text-sm text-slate-600">
          <span className={`h-2 w-2 rounded-full ${paused ? "bg-slate-400" : "animate-pulse bg-emerald-500"}`} aria-hidden />
          {paused ? "Paused" : "Live"}
        </span>
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setPaused((p) => !p)}>
          {paused ? "Resume" : "Pause"}
        </Button>
      </div>
      {q.isError && <Alert>{q.error.message}</Alert>}
      {!q.isLoading && items.length === 0 && (
        <div className="flex flex-col items-center py-10 text-center text-sm text-slate-600">
          <Radio aria-hidden className="mb-2 h-6 w-6 text-slate-400" />
          Waiting for the first event. Send one with a snippet above; it shows here within seconds.
        </div>
      )}
      <ul className="divide-y divide-slate-100" data-testid="debugger">
        {items.map((it) => {
          const key = `${it.kind}-${it.messageId}-${it.receivedAt}`;
          return (
            <li key={key} className="py-2 text-sm">
              <button type="button" onClick={() => setOpen(open === key ? null : key)} aria-expanded={open === key} className="flex w-full flex-wrap items-center gap-2 text-left">
                <span className="w-20 shrink-0 font-mono text-xs text-slate-500">{new Date(it.receivedAt).toLocaleTimeString()}</span>
                {it.kind === "event" ? (
                  <>
                    <Badge tone="blue">{it.type}</Badge>
                    <span className="font-medium text-slate-900">{it.event ?? "—"}</span>
                    <span className="truncate text-xs text-slate-500">{it.userId ?? it.anonymousId}</span>
                  </>
                ) : (
                  <>
                    <Badge tone="red">refused</Badge>
                    <span className="text-red-700">
                      {it.field}: {it.error}
                    </span>
                  </>
                )}
              </button>
              {open === key && (
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs text-slate-800">
                  {JSON.stringify(it.kind === "event" ? { messageId: it.messageId, profileId: it.profileId, properties: it.properties, traits: it.traits } : it.payload, null, 2)}
                </pre>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
