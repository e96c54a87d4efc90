"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, applyNodeChanges, useReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useMemo, type DragEvent } from "react";
import { handlesOf, type Graph, type GraphNode, type NodeKind } from "@/lib/journeys/schema";
import type { JourneyStats } from "@/lib/journeys/stats";
import type { Issue } from "@/lib/journeys/validate";
import { JourneyNode, type JourneyFlowNode } from "./journey-node";
import { KINDS, summary } from "./labels";
import { newNode, sinceTrigger } from "./graph-edit";

const NODE_TYPES = { journey: JourneyNode };
export const DRAG_MIME = "application/x-northstar-node";

type Props = {
  graph: Graph;
  onChange: (g: Graph, commit: boolean) => void;
  readOnly: boolean;
  issues: Issue[];
  stats?: JourneyStats;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  names: { segment: (id: string) => string; sync: (id: string) => string };
};

function Flow({ graph, onChange, readOnly, issues, stats, selectedId, onSelect, names }: Props) {
  const flow = useReactFlow();
  const since = useMemo(() => sinceTrigger(graph), [graph]);
  const nodes: JourneyFlowNode[] = useMemo(
    () =>
      graph.nodes.map((n) => {
        const handles = handlesOf(n);
        const variants = (n.config as { variants?: { name: string }[] }).variants ?? [];
        return {
          id: n.id,
          type: "journey" as const,
          position: n.position,
          selected: n.id === selectedId,
          deletable: !readOnly,
          data: {
            node: n,
            summary: summary(n, names),
            issues: issues.filter((i) => i.nodeId === n.id).map((i) => i.message),
            stats: stats ? (stats.nodes.find((s) => s.nodeId === n.id) ?? { nodeId: n.id, now: 0, passed: 0, outcomes: {}, reached: 0, converted: 0 }) : undefined,
            handles,
            handleLabels: n.type === "split" ? Object.fromEntries(variants.map((v, i) => [`v${i}`, v.name])) : {},
            sinceTrigger: n.type === "wait" ? since.get(n.id) : undefined,
          },
        };
      }),
    [graph, issues, stats, selectedId, names, readOnly, since],
  );
  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((e) => {
        const count = stats?.edges.find((s) => s.source === e.source && s.handle === (e.sourceHandle ?? "next"))?.count;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          sourceHandle: e.sourceHandle ?? "next",
          deletable: !readOnly,
          markerEnd: { type: MarkerType.ArrowClosed, color: "#94a3b8" },
          style: { stroke: "#94a3b8", strokeWidth: 1.5 },
          // The path's name is on its handle; the edge carries the count when counts are on.
          label: count !== undefined ? `${count.toLocaleString()} passed` : undefined,
          labelStyle: { fontSize: 11, fill: "#334155" },
          labelBgStyle: { fill: "#ffffff" },
        };
      }),
    [graph, stats, readOnly],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<JourneyFlowNode>[]) => {
      if (readOnly) {
        const sel = changes.find((c) => c.type === "select" && c.selected);
        if (sel && sel.type === "select") onSelect(sel.id);
        return;
      }
      let next = graph;
      let commit = false;
      const moved = applyNodeChanges(changes, nodes);
      const removed = new Set(changes.filter((c) => c.type === "remove").map((c) => c.id));
      if (changes.some((c) => c.type === "position")) {
        const pos = new Map(moved.map((m) => [m.id, m.position]));
        next = { ...next, nodes: next.nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position })) };
        commit = changes.some((c) => c.type === "position" && c.dragging === false);
      }
      if (removed.size) {
        next = { nodes: next.nodes.filter((n) => !removed.has(n.id)), edges: next.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) };
        commit = true;
        if (selectedId && removed.has(selectedId)) onSelect(null);
      }
      const sel = changes.find((c) => c.type === "select" && c.selected);
      if (sel && sel.type === "select") onSelect(sel.id);
      if (next !== graph) onChange(next, commit);
    },
    [graph, nodes, onChange, onSelect, readOnly, selectedId],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = new Set(changes.filter((c) => c.type === "remove").map((c) => c.id));
      if (!readOnly && removed.size) onChange({ ...graph, edges: graph.edges.filter((e) => !removed.has(e.id)) }, true);
    },
    [graph, onChange, readOnly],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (readOnly || !c.source || !c.target || c.source === c.target) return;
      const handle = c.sourceHandle ?? "next";
      const edges = graph.edges.filter((e) => !(e.source === c.source && (e.sourceHandle ?? "next") === handle));
      edges.push({ id: `e-${c.source}-${handle}-${c.target}`, source: c.source, sourceHandle: handle, target: c.target });
      onChange({ ...graph, edges }, true);
    },
    [graph, onChange, readOnly],
  );

  const onDrop = useCallback(
    (ev: DragEvent) => {
      ev.preventDefault();
      const kind = ev.dataTransfer.getData(DRAG_MIME) as NodeKind;
      if (readOnly || !KINDS[kind]) return;
      const position = flow.screenToFlowPosition({ x: ev.clientX - 120, y: ev.clientY - 30 });
      const node: GraphNode = newNode(graph, kind, position);
      onChange({ ...graph, nodes: [...graph.nodes, node] }, true);
      onSelect(node.id);
    },
    [flow, graph, onChange, onSelect, readOnly],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onPaneClick={() => onSelect(null)}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      }}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
      multiSelectionKeyCode="Shift"
      fitView
      fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={20} color="#e2e8f0" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

/** The journey canvas: nodes flow top to bottom; drag from the palette, connect handles, select to configure. */
export function JourneyCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Flow {...props} />
    </ReactFlowProvider>
  );
}
