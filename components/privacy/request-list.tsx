"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { PrivacyRequest } from "@/lib/privacy/requests";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";

const STATUS_TONE = { pending: "amber", running: "blue", completed: "green", failed: "red" } as const;

function due(r: PrivacyRequest): { text: string; late: boolean } {
  if (r.status === "completed") return { text: `done ${formatDateTime(r.completedAt)}`, late: false };
  const days = Math.ceil((new Date(r.dueAt).getTime() - Date.now()) / 86_400_000);
  return days < 0 ? { text: `overdue by ${-days} days`, late: true } : { text: `due in ${days} days`, late: false };
}

function outcome(r: PrivacyRequest, canDownload: boolean) {
  if (r.status === "failed") return <span className="text-red-700">{r.error}</span>;
  if (r.status !== "completed") return <span className="text-slate-500">{r.error ? `Retrying: ${r.error}` : "Working on it…"}</span>;
  if (!r.result.found) return <span className="text-slate-600">Nobody with this identifier is held{r.kind === "erasure" ? "; it is suppressed from now on" : ""}.</span>;
  if (r.kind === "erasure") {
    const rows = Object.values(r.result.removed ?? {}).reduce((a, b) => a + b, 0);
    const dests = (r.result.destinations ?? []) as { destination: string; failed: number }[];
    const failed = dests.filter((d) => d.failed > 0);
    return (
      <span className="text-slate-700">
        Erased {r.result.profiles} profile{r.result.profiles === 1 ? "" : "s"}, {rows.toLocaleString()} rows in {Object.keys(r.result.removed ?? {}).length} tables
        {dests.length > 0 && `; ${dests.length} destination${dests.length === 1 ? "" : "s"} told`}
        {failed.length > 0 && <span className="text-red-700"> ({failed.map((d) => d.destination).join(", ")} refused)</span>}
      </span>
    );
  }
  const events = r.result.sections?.events ?? 0;
  return (
    <span className="text-slate-700">
      {events.toLocaleString()} events, {r.result.sections?.identities ?? 0} identities{" "}
      {r.exportAvailable && canDownload ? (
        <>
          · <a className="text-brand-700 underline" href={`/api/privacy/requests/${r.id}/export?format=json`}>JSON</a> ·{" "}
          <a className="text-brand-700 underline" href={`/api/privacy/requests/${r.id}/export?format=csv`}>CSV</a>
        </>
      ) : (
        !r.exportAvailable && <span className="text-slate-500">· export expired</span>
      )}
    </span>
  );
}

/** Access and erasure requests: a form to file one and the list with status, deadline and outcome. */
export function RequestList({ initial, canWrite }: { initial: PrivacyRequest[]; canWrite: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ["privacy-requests"],
    queryFn: () => api<{ requests: PrivacyRequest[] }>("/api/privacy/requests"),
    initialData: { requests: initial },
    refetchInterval: (q) => (q.state.data?.requests.some((r) => r.status === "pending" || r.status === "running") ? 1500 : 15_000),
  });
  // When a request finishes, the page's figures (open requests, suppressed identifiers, consent) are reloaded.
  const router = useRouter();
  const open = list.data.requests.filter((r) => r.status === "pending" || r.status === "running").length;
  const lastOpen = useRef(open);
  useEffect(() => {
    if (open < lastOpen.current) router.refresh();
    lastOpen.current = open;
  }, [open, router]);
  const [form, setForm] = useState({ kind: "erasure", identifierKind: "email", identifier: "", note: "" });
  const file = useMutation({
    mutationFn: () => api("/api/privacy/requests", { method: "POST", body: form }),
    onSuccess: () => {
      setForm({ ...form, identifier: "", note: "" });
      qc.invalidateQueries({ queryKey: ["privacy-requests"] });
    },
  });
  const retry = useMutation({ mutationFn: (id: string) => api(`/api/privacy/requests/${id}/retry`, { method: "POST" }), onSuccess: () => qc.invalidateQueries({ queryKey: ["privacy-requests"] }) });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const requests = list.data.requests;
  return (
    <div className="space-y-5">
      {canWrite && (
        <form
          className="grid gap-4 sm:grid-cols-[10rem_10rem_1fr_1fr_auto]"
          aria-label="File a request"
          onSubmit={(e) => {
            e.preventDefault();
            file.mutate();
          }}
        >
          <SelectField label="Request" value={form.kind} onChange={set("kind")}>
            <option value="erasure">Erasure (delete)</option>
            <option value="access">Access (export)</option>
          </SelectField>
          <SelectField label="Person known by" value={form.identifierKind} onChange={set("identifierKind")}>
            <option value="email">Email</option>
            <option value="user_id">User ID</option>
            <option value="anonymous_id">Anonymous ID</option>
          </SelectField>
          <TextField label="Identifier" placeholder={form.identifierKind === "email" ? "jane@example.com" : "user-123"} value={form.identifier} onChange={set("identifier")} required />
          <TextField label="Note (optional)" placeholder="Ticket #4411, verified by email" value={form.note} onChange={set("note")} />
          <div className="flex items-end">
            <Button type="submit" busy={file.isPending} variant={form.kind === "erasure" ? "danger" : "primary"}>
              {form.kind === "erasure" ? "Erase person" : "Export data"}
            </Button>
          </div>
          {file.error && (
            <div className="sm:col-span-5">
              <Alert>{(file.error as Error).message}</Alert>
            </div>
          )}
        </form>
      )}
      {requests.length === 0 ? (
        <p className="text-sm text-slate-600">No requests yet. When someone asks what you hold on them, or asks to be forgotten, file it above: it is done within minutes and the deadline (30 days) is tracked here.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="privacy-requests">
            <TableHead columns={["Received", "Request", "Person", "Status", "Deadline", "Outcome", ""]} />
            <tbody className="divide-y divide-slate-100">
              {requests.map((r) => {
                const d = due(r);
                return (
                  <tr key={r.id} data-request={r.id}>
                    <td className="whitespace-nowrap py-2 pr-4 text-slate-600">{formatDateTime(r.receivedAt)}</td>
                    <td className="py-2 pr-4">{r.kind === "erasure" ? "Erasure" : "Access"}<div className="text-xs text-slate-500">by {r.requestedBy}{r.channel === "api" ? " (API)" : ""}</div></td>
                    <td className="py-2 pr-4 font-mono text-xs">{r.identifierHint}<div className="font-sans text-xs text-slate-500">{r.identifierKind.replace("_", " ")}{r.note ? ` · ${r.note}` : ""}</div></td>
                    <td className="py-2 pr-4"><Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge></td>
                    <td className={`whitespace-nowrap py-2 pr-4 ${d.late ? "font-medium text-red-700" : "text-slate-600"}`}>{d.text}</td>
                    <td className="py-2 pr-4">{outcome(r, canWrite)}</td>
                    <td className="py-2 text-right">{canWrite && r.status === "failed" && <Button variant="secondary" onClick={() => retry.mutate(r.id)} busy={retry.isPending}>Retry</Button>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
