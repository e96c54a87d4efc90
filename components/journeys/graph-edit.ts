import { handlesOf, type Graph, type GraphNode, type NodeKind } from "@/lib/journeys/schema";
import { KINDS } from "./labels";

/** A new node of a kind, with an id unused in the graph and the kind's starting configuration. */
export function newNode(graph: Graph, kind: NodeKind, position: { x: number; y: number }): GraphNode {
  const taken = new Set(graph.nodes.map((n) => n.id));
  let i = graph.nodes.length + 1;
  while (taken.has(`${kind}-${i}`)) i++;
  return { id: `${kind}-${i}`, type: kind, position, config: KINDS[kind].make() };
}

/**
 * Adds a node below another and connects it from that node's first free path (the canvas's "+"):
 * building a journey top to bottom without dragging wires.
 */
export function addAfter(graph: Graph, kind: NodeKind, afterId: string | null): { graph: Graph; id: string } {
  const after = graph.nodes.find((n) => n.id === afterId);
  const lowest = graph.nodes.reduce((y, n) => Math.max(y, n.position.y), -140);
  if (!after) {
    const node = newNode(graph, kind, { x: 0, y: lowest + 140 });
    return { graph: { ...graph, nodes: [...graph.nodes, node] }, id: node.id };
  }
  const used = new Set(graph.edges.filter((e) => e.source === after.id).map((e) => e.sourceHandle ?? "next"));
  const handles = handlesOf(after);
  const free = handles.find((h) => !used.has(h));
  const index = free ? handles.indexOf(free) : 0;
  const spread = handles.length > 1 ? (index - (handles.length - 1) / 2) * 280 : 0;
  const node = newNode(graph, kind, { x: after.position.x + spread, y: after.position.y + 150 });
  const edges = free ? [...graph.edges, { id: `e-${after.id}-${free}-${node.id}`, source: after.id, sourceHandle: free, target: node.id }] : graph.edges;
  return { graph: { nodes: [...graph.nodes, node], edges }, id: node.id };
}

const MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

function words(ms: number): string {
  for (const [unit, size] of [["week", MS.weeks], ["day", MS.days], ["hour", MS.hours], ["minute", MS.minutes]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms / size === 1 ? "" : "s"}`;
  }
  return `${Math.round(ms / MS.minutes)} minutes`;
}

/** Under each timed wait, the time since the trigger along the way there (when every wait before it is a fixed duration). */
export function sinceTrigger(graph: Graph): Map<string, string> {
  const out = new Map<string, string>();
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  if (!trigger) return out;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Map<string, number | null>([[trigger.id, 0]]);
  const queue = [trigger.id];
  while (queue.length) {
    const id = queue.shift()!;
    const base = seen.get(id)!;
    for (const e of graph.edges.filter((x) => x.source === id)) {
      if (seen.has(e.target)) continue;
      const n = byId.get(e.target);
      if (!n) continue;
      const c = n.config as { mode?: string; amount?: number; unit?: keyof typeof MS };
      let total: number | null = base;
      if (n.type === "wait") total = base !== null && c.mode === "duration" && c.unit && MS[c.unit] && c.amount ? base + c.amount * MS[c.unit] : null;
      seen.set(n.id, total);
      if (n.type === "wait" && total !== null && total > 0) out.set(n.id, words(total));
      queue.push(n.id);
    }
  }
  return out;
}
