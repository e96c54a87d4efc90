"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DecisionLogItem, Offer } from "@/lib/ml/decide/offers";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inlineControl } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { pct } from "./labels";
import { OfferForm } from "./offer-form";

type Data = { offers: Offer[]; settings: { exploration: number }; decisions: DecisionLogItem[] };

/** Conversion rate per offer with its 95% interval. */
function RateChart({ offers }: { offers: Offer[] }) {
  const data = offers.filter((o) => o.stats.impressions > 0).map((o) => ({ name: o.key, rate: +(o.stats.rate * 100).toFixed(2), err: [+((o.stats.rate - o.stats.interval.low) * 100).toFixed(2), +((o.stats.interval.high - o.stats.rate) * 100).toFixed(2)] }));
  if (data.length === 0) return <p className="text-sm text-slate-600">No decisions yet: call the decision API (below) and results show here.</p>;
  return (
    <div className="h-56" role="img" aria-label="Conversion rate per offer with 95% intervals">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: -10, right: 10, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} unit="%" />
          <Tooltip formatter={(v) => [`${v}%`, "Conversion rate"]} />
          <Bar dataKey="rate" fill="#4f6bf5" isAnimationActive={false}>
            <ErrorBar dataKey="err" width={6} stroke="#1e293b" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Next-best-action: offers with impressions, conversions, rate (with intervals) and the bandit's share; exploration; the decision log. */
export function OffersView({ initial, canWrite }: { initial: Data; canWrite: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["offers"], queryFn: () => api<Data>("/api/offers"), initialData: initial, refetchInterval: 10_000 });
  const refresh = () => qc.invalidateQueries({ queryKey: ["offers"] });
  const [exploration, setExploration] = useState(Math.round(initial.settings.exploration * 100));
  const saveSettings = useMutation({ mutationFn: () => api("/api/decisions/settings", { method: "PUT", body: { exploration: exploration / 100 } }), onSuccess: refresh });
  const status = useMutation({ mutationFn: (v: { id: string; status: string }) => api(`/api/offers/${v.id}/status`, { method: "PATCH", body: { status: v.status } }), onSuccess: refresh });
  const { offers, decisions } = q.data;
  return (
    <div className="space-y-6">
      <Card title="Offers" description="The bandit shows each eligible offer in proportion to its chance of converting best, and learns from every conversion; a share of decisions explores at random.">
        {offers.length === 0 ? (
          <p className="text-sm text-slate-600">No offers yet. Add the first below: what to show, who may get it, and which event counts as a conversion.</p>
        ) : (
          <>
            <RateChart offers={offers} />
            <table className="mt-4 w-full text-sm" data-testid="offers">
              <TableHead columns={["Offer", "Priority", { label: "Shown", className: "text-right" }, { label: "Converted", className: "text-right" }, { label: "Rate (95% interval)", className: "text-right" }, { label: "Share, 24 h", className: "text-right" }, { label: "Chance best", className: "text-right" }, "Status", ""]} />
              <tbody className="divide-y divide-slate-100">
                {offers.map((o) => (
                  <tr key={o.id}>
                    <td className="py-2 pr-3"><span className="font-medium text-slate-900">{o.name}</span> <code className="text-xs text-slate-500">{o.key}</code></td>
                    <td className="py-2 pr-3 tabular-nums">{o.priority}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{o.stats.impressions.toLocaleString()}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{o.stats.conversions.toLocaleString()}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{pct(o.stats.rate)} <span className="text-xs text-slate-500">({pct(o.stats.interval.low)}–{pct(o.stats.interval.high)})</span></td>
                    <td className="py-2 pr-3 text-right tabular-nums">{pct(o.stats.share24h, 0)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{o.status === "active" ? pct(o.stats.probabilityBest, 0) : "—"}</td>
                    <td className="py-2 pr-3"><Badge tone={o.status === "active" ? "green" : "gray"}>{o.status}</Badge></td>
                    <td className="py-2 text-right">
                      {canWrite && (
                        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => status.mutate({ id: o.id, status: o.status === "active" ? "paused" : "active" })}>
                          {o.status === "active" ? "Pause" : "Resume"}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {canWrite && (
          <div className="mt-5 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-4 text-sm">
            <label htmlFor="exploration" className="text-slate-700">Explore at random in</label>
            <input id="exploration" type="number" min={0} max={50} className={`${inlineControl} w-20`} value={exploration} onChange={(e) => setExploration(Number(e.target.value))} />
            <span className="text-slate-700">% of decisions</span>
            <Button variant="secondary" onClick={() => saveSettings.mutate()} busy={saveSettings.isPending} disabled={exploration === Math.round(q.data.settings.exploration * 100)}>Save</Button>
            {saveSettings.error && <Alert>{(saveSettings.error as Error).message}</Alert>}
          </div>
        )}
      </Card>
      {canWrite && (
        <Card title="New offer">
          <OfferForm onSaved={() => void refresh()} />
        </Card>
      )}
      <Card title="Latest decisions" description="Each decision with why: the offers that competed (their sampled rates) and those left out, with the reason.">
        {decisions.length === 0 ? (
          <p className="text-sm text-slate-600">
            None yet. Ask for one from your site or app: <code className="rounded bg-slate-100 px-1">POST /api/v1/decide</code> with an API key and <code className="rounded bg-slate-100 px-1">{`{ "userId": "…", "context": { "placement": "homepage" } }`}</code>.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="decisions">
            {decisions.map((d) => {
              const why = d.why as { chosen: string; candidates: { key: string; draw: number }[]; excluded: { key: string; reason: string }[] };
              return (
                <li key={d.id} className="py-2">
                  <span className="font-medium text-slate-900">{d.offerKey ?? "no offer"}</span> · {d.placement} · profile {d.profileId ?? "unknown"} · {formatRelative(d.decidedAt)}
                  {d.convertedAt && <span className="ml-2"><Badge tone="green">converted</Badge></span>}
                  <p className="text-xs text-slate-600">
                    {why.chosen}
                    {why.candidates.length > 1 && `: ${why.candidates.map((c) => `${c.key} ${pct(c.draw)}`).join(", ")}`}
                    {why.excluded.length > 0 && ` · left out: ${why.excluded.map((e) => `${e.key} (${e.reason})`).join(", ")}`}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </div>
  );
}
