import type { Queryable } from "../bus";
import { dependenciesOf, type Dependencies } from "./compile";
import type { SegmentDefinition } from "./schema";

export type LiveSegment = { id: string; workspaceId: string; name: string; version: number; builtVersion: number | null; definition: SegmentDefinition; deps: Dependencies };

/**
 * Orders segments so that every segment comes after the segments it is built on. Throws naming the
 * loop when there is one (a segment that is, through others, a member of itself).
 */
export function orderByDependencies<T extends { id: string; name: string; deps: { segments: string[] } }>(segments: T[]): T[] {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const out: T[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (s: T, path: string[]) => {
    if (state.get(s.id) === "done") return;
    if (state.get(s.id) === "visiting") throw new CycleError([...path.slice(path.indexOf(s.name)), s.name]);
    state.set(s.id, "visiting");
    for (const dep of s.deps.segments) {
      const d = byId.get(dep);
      if (d) visit(d, [...path, s.name]);
    }
    state.set(s.id, "done");
    out.push(s);
  };
  for (const s of segments) visit(s, []);
  return out;
}

export class CycleError extends Error {
  constructor(readonly names: string[]) {
    super(`These segments refer to each other in a loop: ${names.join(" → ")}`);
  }
}

/** The workspace's segments, each with what it depends on, in evaluation order. */
export async function loadLiveSegments(client: Queryable, workspaceId: string): Promise<LiveSegment[]> {
  const { rows } = await client.query<{ id: string; name: string; version: number; built_version: number | null; definition: SegmentDefinition }>(
    "SELECT id, name, version, built_version, definition FROM segments WHERE workspace_id = $1",
    [workspaceId],
  );
  return orderByDependencies(
    rows.map((r) => ({ id: r.id, workspaceId, name: r.name, version: r.version, builtVersion: r.built_version, definition: r.definition, deps: dependenciesOf(r.definition) })),
  );
}

/** Does a new event, trait, consent change or merge on a profile possibly change this segment? */
export function isTouchedBy(deps: Dependencies, t: { events: string[]; traits: boolean; consent: boolean; everything: boolean }): boolean {
  if (t.everything) return true;
  if (deps.seen) return true; // every event moves last seen
  if (t.traits && deps.traits) return true;
  if (t.consent && deps.consent) return true;
  return t.events.some((e) => deps.events.includes(e));
}
