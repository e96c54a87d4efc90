"use client";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, Circle, XCircle } from "lucide-react";
import { useState } from "react";
import type { Graph, GraphNode, JourneySettings } from "@/lib/journeys/schema";
import type { Simulation } from "@/lib/journeys/simulate";
import { api } from "@/components/ui/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { KINDS, localTimes } from "./labels";

const ICON = { pass: CheckCircle2, fail: XCircle, info: Circle };
const TONE = { pass: "text-emerald-600", fail: "text-amber-600", info: "text-slate-400" };

/** A test run: choose a profile and a moment; see the path it would take and why, without sending anything. */
export function TestRun({ journeyId, graph, settings }: { journeyId: string; graph: Graph; settings: JourneySettings }) {
  const [profile, setProfile] = useState("");
  const [at, setAt] = useState("");
  const run = useMutation({
    mutationFn: () => api<{ simulation: Simulation }>("/api/journeys/test-run", { method: "POST", body: { journeyId, graph, settings, profile, at: at ? new Date(at).toISOString() : undefined } }),
  });
  const label = (id: string) => {
    const n: GraphNode | undefined = graph.nodes.find((x) => x.id === id);
    return n ? KINDS[n.type].label : id;
  };
  const sim = run.data?.simulation;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <p className="text-sm text-slate-600">Pick a profile and, if you like, a moment to enter. The test run follows the current draft with the profile&apos;s data as it is now: nothing is sent or changed.</p>
        <TextField label="Profile" placeholder="profile id, user id or email" value={profile} onChange={(e) => setProfile(e.target.value)} />
        <TextField label="Entering at (optional)" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} hint="Leave empty for now." />
        <Button type="submit" busy={run.isPending} disabled={!profile}>
          Run the test
        </Button>
        {run.error && <Alert>{(run.error as Error).message}</Alert>}
      </form>
      <div>
        {sim ? (
          <ol className="space-y-2" data-testid="test-run">
            <li className="text-sm text-slate-600">
              {sim.profileLabel}, entering {new Date(sim.start).toLocaleString()}:
            </li>
            {sim.steps.map((s, i) => {
              const Icon = ICON[s.outcome];
              return (
                <li key={i} className="flex gap-2 text-sm">
                  <Icon className={`mt-0.5 h-4 w-4 shrink-0 ${TONE[s.outcome]}`} aria-hidden />
                  <span>
                    <span className="font-medium text-slate-900">{label(s.nodeId)}</span> <span className="text-xs text-slate-500">{new Date(s.at).toLocaleString()}</span>
                    <span className="block text-slate-700">{localTimes(s.detail)}</span>
                  </span>
                </li>
              );
            })}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">The path appears here, each condition met or not, with when each step would happen.</p>
        )}
      </div>
    </div>
  );
}
