"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BarChart3, Pause, Play, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import type { JourneyDetail } from "@/lib/journeys/store";
import type { JourneyStats } from "@/lib/journeys/stats";
import type { Graph, JourneySettings, NodeKind } from "@/lib/journeys/schema";
import { validateGraph } from "@/lib/journeys/validate";
import { api } from "@/components/ui/api";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Stat } from "@/components/ui/stat";
import { useVocabulary } from "@/components/segments/use-vocabulary";
import { DRAG_MIME, JourneyCanvas } from "./canvas";
import { addAfter } from "./graph-edit";
import { KINDS, PALETTE, STATUS_TONES } from "./labels";
import { NodePanel } from "./node-panel";
import { PeoplePanel } from "./people-panel";
import { HeldBanner } from "@/components/quality/held-banner";
import { JourneyBreakerPanel } from "./breaker-panel";
import { SettingsPanel } from "./settings-panel";
import { TestRun } from "./test-run";

type Tab = "canvas" | "settings" | "people" | "test";

/** The journey editor: canvas with palette and side panel, settings, people; save, publish, pause, archive. */
export function JourneyEditor({ initial, canWrite }: { initial: JourneyDetail; canWrite: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [journey, setJourney] = useState(initial);
  const [name, setName] = useState(initial.name);
  const [graph, setGraph] = useState<Graph>(initial.graph);
  const [settings, setSettings] = useState<JourneySettings>(initial.settings);
  const [history, setHistory] = useState<Graph[]>([]);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("canvas");
  const [showStats, setShowStats] = useState(initial.status !== "draft");
  const readOnly = !canWrite || journey.status === "archived";

  const vocab = useVocabulary().data;
  const syncs = useQuery({ queryKey: ["syncs-for-journeys"], queryFn: () => api<{ syncs: { id: string; segmentName: string; destinationName: string }[] }>("/api/syncs"), staleTime: 60_000 });
  const stats = useQuery({
    queryKey: ["journey-stats", journey.id],
    queryFn: () => api<{ stats: JourneyStats }>(`/api/journeys/${journey.id}/stats`),
    enabled: showStats && journey.status !== "draft",
    refetchInterval: 5000,
  });

  const names = useMemo(
    () => ({
      segment: (id: string) => vocab?.segments.find((s) => s.id === id)?.name ?? "a segment",
      sync: (id: string) => {
        const s = syncs.data?.syncs.find((x) => x.id === id);
        return s ? `${s.destinationName} (${s.segmentName})` : "a sync";
      },
    }),
    [vocab, syncs.data],
  );
  const issues = useMemo(() => {
    const local = validateGraph(graph);
    // The server adds what only it knows (deleted segments or syncs, template errors) for the saved draft.
    const server = dirty ? [] : journey.issues.filter((i) => !local.some((l) => l.nodeId === i.nodeId && l.message === i.message));
    return [...local, ...server];
  }, [graph, journey.issues, dirty]);

  const change = useCallback((g: Graph, commit = true) => {
    setGraph((prev) => {
      if (commit) setHistory((h) => [...h.slice(-49), prev]);
      return g;
    });
    setDirty(true);
  }, []);
  const undo = () => {
    const prev = history.at(-1);
    if (!prev) return;
    setHistory((h) => h.slice(0, -1));
    setGraph(prev);
    setDirty(true);
  };

  const save = useMutation({
    mutationFn: () => api<{ journey: JourneyDetail }>(`/api/journeys/${journey.id}`, { method: "PUT", body: { name, description: journey.description, graph, settings } }),
    onSuccess: (r) => {
      setJourney(r.journey);
      setDirty(false);
    },
  });
  const publish = useMutation({
    mutationFn: async () => {
      if (dirty) await save.mutateAsync();
      return api<{ journey: JourneyDetail }>(`/api/journeys/${journey.id}/publish`, { method: "POST" });
    },
    onSuccess: (r) => {
      setJourney(r.journey);
      setShowStats(true);
      qc.invalidateQueries({ queryKey: ["journey-stats", journey.id] });
      router.refresh();
    },
  });
  const status = useMutation({
    mutationFn: (s: "paused" | "published" | "archived") => api<{ journey: JourneyDetail }>(`/api/journeys/${journey.id}/status`, { method: "PATCH", body: { status: s } }),
    onSuccess: (r) => setJourney(r.journey),
  });
  const revert = () => {
    if (!journey.published) return;
    change(journey.published.graph);
    setSettings(journey.published.settings);
  };

  const addNode = (kind: NodeKind) => {
    if (readOnly) return;
    const r = addAfter(graph, kind, selected);
    change(r.graph);
    setSelected(r.id);
  };

  const node = graph.nodes.find((n) => n.id === selected) ?? null;
  const error = save.error ?? publish.error ?? status.error;
  const reload = async () => {
    const r = await api<{ journey: JourneyDetail }>(`/api/journeys/${journey.id}`);
    setJourney(r.journey);
    void qc.invalidateQueries({ queryKey: ["journey-stats", journey.id] });
  };
  const unpublished = journey.status !== "draft" && (journey.draftChanged || dirty);
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  const s = stats.data?.stats;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <input
          aria-label="Journey name"
          className="min-w-64 flex-1 rounded-md border-0 bg-transparent px-1 text-2xl font-semibold tracking-tight text-slate-900 hover:ring-1 hover:ring-slate-200 focus:ring-2 focus:ring-brand-500"
          value={name}
          disabled={readOnly}
          onChange={(e) => {
            setName(e.target.value);
            setDirty(true);
          }}
        />
        <Badge tone={STATUS_TONES[journey.status]}>{journey.status[0]!.toUpperCase() + journey.status.slice(1)}</Badge>
        {journey.version && <span className="text-xs text-slate-500">version {journey.version}</span>}
        <div className="flex flex-wrap gap-2">
          {!readOnly && (
            <Button variant="secondary" onClick={undo} disabled={history.length === 0} aria-label="Undo">
              <Undo2 className="h-4 w-4" aria-hidden />
            </Button>
          )}
          {journey.status !== "draft" && (
            <Button variant={showStats ? "primary" : "secondary"} onClick={() => setShowStats((v) => !v)} aria-pressed={showStats}>
              <BarChart3 className="h-4 w-4" aria-hidden /> Counts
            </Button>
          )}
          {!readOnly && (
            <Button variant="secondary" onClick={() => save.mutate()} busy={save.isPending} disabled={!dirty}>
              {dirty ? "Save draft" : "Saved"}
            </Button>
          )}
          {!readOnly && (
            <Button onClick={() => publish.mutate()} busy={publish.isPending} disabled={issues.length > 0 || (journey.status !== "draft" && !unpublished)} title={issues.length ? `${issues.length} problem(s) to fix first` : undefined}>
              {journey.status === "draft" ? "Publish" : "Publish changes"}
            </Button>
          )}
          {canWrite && journey.status === "published" && (
            <Button variant="secondary" onClick={() => status.mutate("paused")} busy={status.isPending}>
              <Pause className="h-4 w-4" aria-hidden /> Pause
            </Button>
          )}
          {canWrite && journey.status === "paused" && (
            <Button variant="secondary" onClick={() => status.mutate("published")} busy={status.isPending}>
              <Play className="h-4 w-4" aria-hidden /> Resume
            </Button>
          )}
          {canWrite && (journey.status === "published" || journey.status === "paused") && (
            <Button variant="danger" onClick={() => window.confirm("Archive this journey? Everyone in it exits now and it stops for good.") && status.mutate("archived")}>
              Archive
            </Button>
          )}
        </div>
      </div>

      {error && <Alert>{(error as Error).message}</Alert>}
      {journey.heldAt && journey.status === "published" && (
        <HeldBanner
          title="Held by the circuit breaker: nobody moves on, nothing is sent"
          reason={journey.heldReason}
          canWrite={canWrite}
          onDone={reload}
          actions={[
            { label: "Release: everyone goes on", path: `/api/journeys/${journey.id}/breaker/release` },
            { label: "Discard the held entries", path: `/api/journeys/${journey.id}/breaker/discard`, secondary: true },
          ]}
        />
      )}
      {journey.status === "paused" && <Alert tone="warning">Paused: nobody enters and nobody moves; timers that run out while paused fire on resume.</Alert>}
      {unpublished && canWrite && journey.status !== "archived" && (
        <Alert tone="info" title="Unpublished changes">
          People in the journey continue on version {journey.version}; publishing makes new entries use the changes. Steps you delete end the path of anyone waiting in them.{" "}
          {journey.published && (
            <button type="button" className="font-medium underline" onClick={revert}>
              Revert to the published version
            </button>
          )}
        </Alert>
      )}
      {issues.length > 0 && !readOnly && (
        <p className="text-sm text-red-700" data-testid="journey-issues">
          {issues.length} problem{issues.length === 1 ? "" : "s"} to fix before publishing{issues[0] ? `: ${issues[0].message}` : ""}.
        </p>
      )}

      {s && (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          <Stat label="Entered" value={s.entered.toLocaleString()} testId="journey-entered" />
          <Stat label="In it now" value={s.active.toLocaleString()} testId="journey-active" />
          <Stat label="Converted" value={`${s.converted.toLocaleString()} · ${(s.conversionRate * 100).toFixed(1)}%`} testId="journey-converted" />
          <Stat label="Completed" value={s.completed.toLocaleString()} testId="journey-completed" />
          <Stat label="Exited early" value={s.exited.toLocaleString()} />
        </dl>
      )}

      <div role="tablist" aria-label="Journey views" className="flex gap-1 border-b border-slate-200">
        {(["canvas", "settings", "people", "test"] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)} className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", tab === t ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}>
            {{ canvas: "Canvas", settings: "Settings", people: "People", test: "Test run" }[t]}
          </button>
        ))}
      </div>

      {tab === "canvas" && (
        <div className={cn("grid h-[72vh] min-h-[520px] overflow-hidden rounded-lg bg-white ring-1 ring-slate-200", node ? "grid-cols-[164px_minmax(0,1fr)_360px]" : "grid-cols-[164px_minmax(0,1fr)]")}>
          <div className="space-y-1 overflow-y-auto border-r border-slate-200 p-2" aria-label="Steps to add">
            <p className="px-1 pb-1 text-xs text-slate-500">{readOnly ? "Steps" : "Click to add below the selected step, or drag onto the canvas. Select a step to configure it."}</p>
            {PALETTE.map((k) => {
              const K = KINDS[k];
              return (
                <button
                  key={k}
                  type="button"
                  draggable={!readOnly}
                  disabled={readOnly}
                  onDragStart={(e) => e.dataTransfer.setData(DRAG_MIME, k)}
                  onClick={() => addNode(k)}
                  title={K.hint}
                  className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-60"
                >
                  <span className={cn("flex h-6 w-6 items-center justify-center rounded text-white", K.tone)}>
                    <K.icon className="h-3.5 w-3.5" aria-hidden />
                  </span>
                  {K.label}
                </button>
              );
            })}
          </div>
          <div className="relative">
            <JourneyCanvas graph={graph} onChange={change} readOnly={readOnly} issues={issues} stats={showStats ? s : undefined} selectedId={selected} onSelect={setSelected} names={names} />
          </div>
          {node && (
            <div className="overflow-y-auto border-l border-slate-200 p-4">
              <NodePanel
                key={node.id}
                node={node}
                readOnly={readOnly}
                vocab={vocab}
                syncs={(syncs.data?.syncs ?? []).map((x) => ({ id: x.id, label: `${x.destinationName} (${x.segmentName})` }))}
                issues={issues.filter((i) => i.nodeId === node.id).map((i) => i.message)}
                journeyName={name}
                onChange={(config) => change({ ...graph, nodes: graph.nodes.map((n) => (n.id === node.id ? { ...n, config } : n)) })}
                onDelete={() => {
                  change({ nodes: graph.nodes.filter((n) => n.id !== node.id), edges: graph.edges.filter((e) => e.source !== node.id && e.target !== node.id) });
                  setSelected(null);
                }}
              />
            </div>
          )}
        </div>
      )}
      {tab === "settings" && (
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <SettingsPanel
            settings={settings}
            readOnly={readOnly}
            segmentTrigger={(trigger?.config as { kind?: string } | undefined)?.kind === "segment_enter"}
            onChange={(x) => {
              setSettings(x);
              setDirty(true);
            }}
          />
          <div className="mt-6 border-t border-slate-100 pt-5">
            <JourneyBreakerPanel journeyId={journey.id} breaker={journey.breaker} canWrite={!readOnly} onSaved={reload} />
          </div>
        </div>
      )}
      {tab === "test" && (
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <TestRun journeyId={journey.id} graph={graph} settings={settings} />
        </div>
      )}
      {tab === "people" && (
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <PeoplePanel journeyId={journey.id} nodes={graph.nodes} nodeId={null} />
        </div>
      )}
    </div>
  );
}
