import { CONFIG_SCHEMAS, handlesOf, type Graph, type GraphNode } from "./schema";

export type Issue = { nodeId: string | null; message: string };

const KIND_LABEL: Record<GraphNode["type"], string> = {
  trigger: "Trigger",
  wait: "Wait",
  branch: "Branch",
  split: "Split",
  email: "Send email",
  webhook: "Send webhook",
  update_trait: "Update trait",
  sync: "Destination sync",
  decide: "Next best action",
  goal: "Goal",
  exit: "Exit",
};
export const kindLabel = (k: GraphNode["type"]) => KIND_LABEL[k];

/**
 * Everything that blocks publishing, each tied to the node it is about (shown on the canvas):
 * one trigger, every node configured, connections between existing handles, every node reachable
 * from the trigger (goals stand alone), and no loop that does not pass through a wait.
 */
export function validateGraph(graph: Graph): Issue[] {
  const issues: Issue[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  if (byId.size !== graph.nodes.length) issues.push({ nodeId: null, message: "Two nodes share an id" });

  const triggers = graph.nodes.filter((n) => n.type === "trigger");
  if (triggers.length === 0) issues.push({ nodeId: null, message: "Add a trigger: what starts the journey" });
  for (const t of triggers.slice(1)) issues.push({ nodeId: t.id, message: "A journey has one trigger: remove this one" });

  for (const n of graph.nodes) {
    const parsed = CONFIG_SCHEMAS[n.type].safeParse(n.config);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      issues.push({ nodeId: n.id, message: `${KIND_LABEL[n.type]}: ${first.message}` });
    }
  }

  const out = new Map<string, string[]>();
  const taken = new Set<string>();
  for (const e of graph.edges) {
    const from = byId.get(e.source);
    const to = byId.get(e.target);
    if (!from || !to) {
      issues.push({ nodeId: from?.id ?? null, message: "A connection points to a node that no longer exists" });
      continue;
    }
    const handle = e.sourceHandle ?? "next";
    if (!handlesOf(from).includes(handle)) issues.push({ nodeId: from.id, message: `${KIND_LABEL[from.type]} has no “${handle}” path` });
    if (to.type === "trigger") issues.push({ nodeId: to.id, message: "Nothing can lead back into the trigger" });
    if (to.type === "goal") issues.push({ nodeId: to.id, message: "A goal stands alone: it watches for its event wherever the profile is" });
    const key = `${from.id}\u0000${handle}`;
    if (taken.has(key)) issues.push({ nodeId: from.id, message: `The “${handle}” path leads to two nodes: keep one` });
    taken.add(key);
    out.set(from.id, [...(out.get(from.id) ?? []), to.id]);
  }

  const trigger = triggers[0];
  if (trigger) {
    if (!(out.get(trigger.id) ?? []).length) issues.push({ nodeId: trigger.id, message: "Connect the trigger to the first step" });
    const reached = new Set([trigger.id]);
    const stack = [trigger.id];
    while (stack.length) {
      for (const next of out.get(stack.pop()!) ?? []) {
        if (reached.has(next)) continue;
        reached.add(next);
        stack.push(next);
      }
    }
    for (const n of graph.nodes) if (!reached.has(n.id) && n.type !== "goal" && n.type !== "trigger") issues.push({ nodeId: n.id, message: "Nobody can reach this step: connect it" });
  }

  for (const id of loopsWithoutWait(graph, out, byId)) issues.push({ nodeId: id, message: "This step is in a loop without a wait: add a wait to the loop" });
  return issues;
}

/** Nodes on a cycle that does not pass through a wait (Tarjan's strongly connected components, waits removed). */
function loopsWithoutWait(graph: Graph, out: Map<string, string[]>, byId: Map<string, GraphNode>): string[] {
  const nodes = graph.nodes.filter((n) => n.type !== "wait").map((n) => n.id);
  const next = (id: string) => (out.get(id) ?? []).filter((t) => byId.get(t)?.type !== "wait");
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || next(v).includes(v)) result.push(...comp);
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return result;
}
