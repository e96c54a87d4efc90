import type { Queryable } from "../bus";
import { AppError } from "../errors";
import { settingsSchema, type Graph, type GraphNode, type JourneySettings } from "./schema";

/** A published version, ready to run: nodes by id, where each handle leads. Versions never change. */
export type RunnableVersion = {
  journeyId: string;
  workspaceId: string;
  name: string;
  version: number;
  publishedAt: Date;
  nodes: Map<string, GraphNode>;
  next: Map<string, string>;
  settings: JourneySettings;
  trigger: GraphNode;
  goals: GraphNode[];
};

const cache = new Map<string, RunnableVersion>();

export function runnable(journeyId: string, workspaceId: string, name: string, version: number, graph: Graph, settings: unknown, publishedAt = new Date(0)): RunnableVersion {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const next = new Map(graph.edges.map((e) => [`${e.source}\u0000${e.sourceHandle ?? "next"}`, e.target]));
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  if (!trigger) throw new AppError("invalid_input", "The journey has no trigger");
  return { journeyId, workspaceId, name, version, publishedAt, nodes, next, settings: settingsSchema.parse(settings ?? {}), trigger, goals: graph.nodes.filter((n) => n.type === "goal") };
}

export function nextNode(v: RunnableVersion, nodeId: string, handle: string): string | null {
  return v.next.get(`${nodeId}\u0000${handle}`) ?? null;
}

export async function loadVersion(db: Queryable, journeyId: string, version: number): Promise<RunnableVersion> {
  const key = `${journeyId}:${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { rows } = await db.query<{ workspace_id: string; name: string; graph: Graph; settings: unknown; published_at: Date }>(
    "SELECT v.workspace_id, j.name, v.graph, v.settings, v.published_at FROM journey_versions v JOIN journeys j ON j.id = v.journey_id WHERE v.journey_id = $1 AND v.version = $2",
    [journeyId, version],
  );
  if (!rows[0]) throw new AppError("not_found", `Journey ${journeyId} has no version ${version}`);
  const v = runnable(journeyId, rows[0].workspace_id, rows[0].name, version, rows[0].graph, rows[0].settings, rows[0].published_at);
  if (cache.size > 500) cache.clear();
  cache.set(key, v);
  return v;
}
