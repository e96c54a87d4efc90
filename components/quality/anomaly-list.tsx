"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Anomaly } from "@/lib/quality/anomalies";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime, formatRelative } from "@/components/ui/format";

type Series = { anomaly: Anomaly; points: { hour: string; observed: number; expected: number | null }[] };

/** The event's volume per hour from a week before the anomaly, against what its baseline expected; the anomalous hours shaded. */
function AnomalyChart({ id }: { id: string }) {
  const q = useQuery({ queryKey: ["anomaly", id], queryFn: () => api<Series>(`/api/quality/anomalies/${id}`) });
  if (q.isError) return <Alert>{q.error.message}</Alert>;
  if (!q.data) return <div className="h-48" />;
  const label = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: "short", hour: "2-digit" });
  const data = q.data.points.map((p) => ({ ...p, label: label(p.hour) }));
  return (
    <div className="h-48" role="img" aria-label={`Hourly volume of ${q.data.anomaly.label} against its baseline`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ left: -10, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={23} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceArea x1={label(q.data.anomaly.firstHour)} x2={label(q.data.anomaly.lastHour)} fill="#fde68a" fillOpacity={0.6} />
          <Line dataKey="expected" name="Expected" stroke="#94a3b8" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          <Line dataKey="observed" name="Events per hour" stroke="#4f6bf5" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

const badge = (a: Anomaly) => (a.kind === "volume" || a.kind === "source" ? `volume ${a.direction}` : a.kind === "segment" ? `segment size ${a.direction}` : a.direction);

/** Open volume anomalies with their charts (dismissable), and the recently closed ones. */
export function AnomalyList({ initial, canWrite }: { initial: Anomaly[]; canWrite: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["anomalies"], queryFn: () => api<{ anomalies: Anomaly[] }>("/api/quality/anomalies"), initialData: { anomalies: initial }, refetchInterval: 60_000 });
  const dismiss = useMutation({ mutationFn: (id: string) => api(`/api/quality/anomalies/${id}/dismiss`, { method: "POST" }), onSuccess: () => qc.invalidateQueries({ queryKey: ["anomalies"] }) });
  const open = list.data.anomalies.filter((a) => a.status === "open");
  const closed = list.data.anomalies.filter((a) => a.status !== "open").slice(0, 10);
  return (
    <div className="space-y-5" data-testid="anomalies">
      {open.length === 0 ? (
        <p className="text-sm text-slate-600">No open anomaly: in the last hour, every watched event&apos;s and source&apos;s volume was within its usual range for that hour of the week, and their properties looked as usual. Checked hourly.</p>
      ) : (
        open.map((a) => (
          <div key={a.id} className="rounded-md p-3 ring-1 ring-amber-200">
            <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={a.direction === "drop" || a.kind === "nulls" ? "red" : "amber"}>{badge(a)}</Badge>
              <span className="font-medium text-slate-900">{a.label}</span>
              <span className="text-slate-700">
                {a.kind === "volume" || a.kind === "source"
                  ? `${Math.round(a.observed).toLocaleString()} in the hour of ${formatDateTime(a.lastHour)}, ${Math.round(a.expected).toLocaleString()} expected`
                  : a.kind === "segment"
                    ? `${Math.round(a.expected).toLocaleString()} → ${Math.round(a.observed).toLocaleString()} members in the hour of ${formatDateTime(a.lastHour)}`
                  : a.kind === "nulls"
                    ? `missing or null in ${a.observed}% of events in the hour of ${formatDateTime(a.lastHour)}, usually ${a.expected}%`
                  : a.kind === "values"
                    ? `${a.observed}% of its values were never seen before, in the hour of ${formatDateTime(a.firstHour)}: fix the sender or accept them, then dismiss`
                    : `first in the hour of ${formatDateTime(a.firstHour)} (${Math.round(a.observed).toLocaleString()} events): update the tracking plan or fix the sender, then dismiss`}
              </span>
              <span className="text-slate-500">since {formatRelative(a.firstHour)}</span>
              {canWrite && (
                <Button variant="ghost" className="ml-auto px-2 py-1 text-xs" onClick={() => dismiss.mutate(a.id)} busy={dismiss.isPending && dismiss.variables === a.id}>
                  Dismiss
                </Button>
              )}
            </div>
            {(a.kind === "volume" || a.kind === "source") && <AnomalyChart id={a.id} />}
          </div>
        ))
      )}
      {closed.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-semibold text-slate-800">Recently closed</h3>
          <ul className="space-y-1 text-sm text-slate-700">
            {closed.map((a) => (
              <li key={a.id}>
                {a.label}: {badge(a)} from {formatDateTime(a.firstHour)} to {formatDateTime(a.lastHour)} · {a.status === "dismissed" ? `dismissed by ${a.closedBy}` : "back to normal"}
              </li>
            ))}
          </ul>
        </div>
      )}
      {dismiss.error && <Alert>{(dismiss.error as Error).message}</Alert>}
    </div>
  );
}
