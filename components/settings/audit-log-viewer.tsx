"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { TableHead } from "@/components/ui/table-head";
import { useState } from "react";
import { ScrollText } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";

type Entry = { id: string; actorType: string; actorLabel: string; action: string; targetType: string | null; targetId: string | null; summary: Record<string, unknown>; ip: string | null; createdAt: string };
type Page = { entries: Entry[]; nextCursor: string | null };
type Facets = { actors: { id: string; label: string }[]; actions: string[] };

function describe(summary: Record<string, unknown>): string {
  return Object.entries(summary ?? {})
    .map(([k, v]) => (v && typeof v === "object" && "from" in v && "to" in v ? `${k}: ${String(v.from)} → ${String(v.to)}` : `${k}: ${String(v)}`))
    .join(" · ");
}

export function AuditLogViewer({ workspaceId }: { workspaceId: string }) {
  const [filters, setFilters] = useState({ actorId: "", action: "", from: "", to: "" });
  const query = useInfiniteQuery({
    queryKey: ["audit-log", workspaceId, filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams({ limit: "50" });
      if (filters.actorId) p.set("actorId", filters.actorId);
      if (filters.action) p.set("action", filters.action);
      if (filters.from) p.set("from", new Date(`${filters.from}T00:00:00`).toISOString());
      if (filters.to) p.set("to", new Date(`${filters.to}T23:59:59.999`).toISOString());
      if (pageParam) p.set("cursor", pageParam);
      return api<Page>(`/api/settings/audit-log?${p}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const { data: facets } = useQuery({ queryKey: ["audit-log-facets", workspaceId], queryFn: () => api<Facets>("/api/settings/audit-log/facets") });
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value });

  return (
    <div className="space-y-4">
      <div className="grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-4">
        <SelectField label="Actor" value={filters.actorId} onChange={set("actorId")}>
          <option value="">Anyone</option>
          {facets?.actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Action" value={filters.action} onChange={set("action")}>
          <option value="">Any action</option>
          {facets?.actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </SelectField>
        <TextField label="From" type="date" value={filters.from} onChange={set("from")} />
        <TextField label="To" type="date" value={filters.to} onChange={set("to")} />
      </div>
      {query.isError && <Alert>{query.error.message}</Alert>}
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm" aria-busy={query.isLoading}>
          <TableHead cellClassName="px-4 py-2" columns={["When", "Who", "Action", "Change", "IP"]} />
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 align-top last:border-0" data-testid="audit-row">
                <td className="px-4 py-2 whitespace-nowrap text-slate-600">{formatDateTime(e.createdAt)}</td>
                <td className="px-4 py-2">
                  <span className="text-slate-900">{e.actorLabel}</span>
                  {e.actorType !== "user" && (
                    <span className="ml-1">
                      <Badge>{e.actorType.replace("_", " ")}</Badge>
                    </span>
                  )}
                </td>
                <td className="px-4 py-2">
                  <Badge tone="blue">{e.action}</Badge>
                </td>
                <td className="px-4 py-2 text-slate-700">{describe(e.summary)}</td>
                <td className="px-4 py-2 font-mono text-xs text-slate-500">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {query.isLoading && <p className="px-4 py-6 text-center text-sm text-slate-500">Loading the audit log…</p>}
        {!query.isLoading && entries.length === 0 && (
          <div className="flex flex-col items-center px-4 py-10 text-center text-sm text-slate-600">
            <ScrollText aria-hidden className="mb-2 h-6 w-6 text-slate-400" />
            Nothing matches these filters. Every change in this workspace is recorded here: clear a filter to see more.
          </div>
        )}
      </div>
      {query.hasNextPage && (
        <div className="text-center">
          <Button variant="secondary" onClick={() => query.fetchNextPage()} busy={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : "Load older entries"}
          </Button>
        </div>
      )}
    </div>
  );
}
