"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { DatabaseConfig, DatabaseSourceView } from "@/lib/sources";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";

const EMPTY: DatabaseConfig = { query: "", kind: "identify", cursorColumn: "updated_at", everyMinutes: 60 };
const TONE: Record<string, "green" | "amber" | "red" | "blue"> = { succeeded: "green", partial: "amber", failed: "red", running: "blue" };

/** A database source: where to read, how rows become traits or events, the schedule, and each run. */
export function DatabaseSetup({ sourceId, canWrite }: { sourceId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["database-source", sourceId], queryFn: () => api<{ database: DatabaseSourceView }>(`/api/sources/${sourceId}/database`), refetchInterval: 4000 });
  const [draft, setDraft] = useState<DatabaseConfig | null>(null);
  const [connection, setConnection] = useState("");
  const view = q.data?.database;
  const c = draft ?? view?.config ?? EMPTY;
  const set = (k: keyof DatabaseConfig) => (e: { target: { value: string } }) => setDraft({ ...c, [k]: k === "everyMinutes" ? Number(e.target.value) : e.target.value || undefined } as DatabaseConfig);
  const save = useMutation({
    mutationFn: () => api(`/api/sources/${sourceId}/database`, { method: "PUT", body: { config: c, connection: connection || undefined } }),
    onSuccess: () => {
      setDraft(null);
      setConnection("");
      qc.invalidateQueries({ queryKey: ["database-source", sourceId] });
    },
  });
  const run = useMutation({ mutationFn: () => api(`/api/sources/${sourceId}/database/run`, { method: "POST" }), onSuccess: () => qc.invalidateQueries({ queryKey: ["database-source", sourceId] }) });
  if (!view) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <div className="space-y-6">
      <fieldset disabled={!canWrite} className="grid gap-4 sm:grid-cols-3">
        <TextField className="sm:col-span-3" label="Connection URL" type="password" autoComplete="off" value={connection} onChange={(e) => setConnection(e.target.value)} placeholder={view.connectionSet ? "•••••••• (stored encrypted; leave blank to keep)" : "postgresql://reader:secret@db.example.com:5432/crm"} hint="Use a read-only user; runs also set their session read-only." />
        <TextField className="sm:col-span-3" label="Table or query" value={c.query} onChange={set("query")} placeholder="public.customers, or SELECT id, email, plan, updated_at FROM customers WHERE active" />
        <SelectField label="Each row becomes" value={c.kind} onChange={set("kind")}>
          <option value="identify">profile traits (identify)</option>
          <option value="track">an event (track)</option>
        </SelectField>
        <TextField label="Cursor column" value={c.cursorColumn} onChange={set("cursorColumn")} hint="An increasing column (updated_at, id): each run reads only rows past the last one seen." />
        <TextField label="Every (minutes)" type="number" min={5} value={c.everyMinutes} onChange={set("everyMinutes")} />
        <TextField label="User id column" value={c.userIdColumn ?? ""} onChange={set("userIdColumn")} />
        <TextField label="Email column" value={c.emailColumn ?? ""} onChange={set("emailColumn")} />
        <TextField label="Time column (optional)" value={c.timestampColumn ?? ""} onChange={set("timestampColumn")} />
        {c.kind === "track" && (
          <>
            <TextField label="Event name" value={c.event ?? ""} onChange={set("event")} placeholder="Order Placed" />
            <TextField label="…or the column holding it" value={c.eventColumn ?? ""} onChange={set("eventColumn")} />
          </>
        )}
      </fieldset>
      {canWrite && (
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => save.mutate()} busy={save.isPending} disabled={!draft && !connection}>
            Save
          </Button>
          <Button variant="secondary" onClick={() => run.mutate()} busy={run.isPending} disabled={!view.config}>
            Run now
          </Button>
          <span className="text-xs text-slate-500">
            {view.cursor ? `Read up to ${view.cursor}. ` : ""}
            {view.nextRunAt ? `Next run ${formatRelative(view.nextRunAt)}.` : "Not scheduled until saved."}
          </span>
        </div>
      )}
      {(save.error ?? run.error) && <Alert>{((save.error ?? run.error) as Error).message}</Alert>}
      {view.runs.length === 0 ? (
        <p className="text-sm text-slate-500">No run yet. Save the settings: the first run starts within moments.</p>
      ) : (
        <table className="w-full text-sm" data-testid="database-runs">
          <TableHead columns={["Started", "Status", { label: "Rows read", className: "text-right" }, { label: "Stored", className: "text-right" }, "Up to", "Problems"]} />
          <tbody className="divide-y divide-slate-100">
            {view.runs.map((r) => (
              <tr key={r.id}>
                <td className="py-2 pr-3 text-slate-600">{formatRelative(r.startedAt)}</td>
                <td className="py-2 pr-3">
                  <Badge tone={TONE[r.status] ?? "blue"}>{r.status}</Badge>
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{r.rowsRead.toLocaleString()}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{r.accepted.toLocaleString()}</td>
                <td className="py-2 pr-3 font-mono text-xs">{r.cursorTo ?? ""}</td>
                <td className="py-2 text-xs text-amber-800">{r.error ?? r.errors.slice(0, 3).map((e) => `row ${e.row}: ${e.error}`).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
