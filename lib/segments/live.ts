import type { Queryable } from "../bus";
import { dependenciesOf, type Dependencies } from "./compile";
import type { Node, SegmentDefinition } from "./schema";

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
    // In a fixed order: the live pass's statements are then the same text from pass to pass (their plans are reused).
    "SELECT id, name, version, built_version, definition FROM segments WHERE workspace_id = $1 ORDER BY id",
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

/** How new events can move a definition's answer: only towards true, only towards false, either way, or not at all. */
export type Direction = "up" | "down" | "mixed" | "none";

function combine(a: Direction, b: Direction): Direction {
  if (a === "none") return b;
  if (b === "none" || a === b) return a;
  return "mixed";
}

/**
 * Which way adding events of these names to a profile can move the answer, at every moment from
 * now on. "up": a member stays a member (and its next time-based change can only come later, so
 * its timer stays valid); "down": a non-member stays one. Either lets the live engine skip the
 * pair. Traits, consent and merges are not events: a touch carrying them is always evaluated.
 */
export function directionOf(n: Node, events: string[]): Direction {
  if (n.type === "group") {
    const d = n.conditions.map((c) => directionOf(c, events)).reduce(combine, "none");
    return n.negate ? (d === "up" ? "down" : d === "down" ? "up" : d) : d;
  }
  const reads = (name: string) => events.includes(name);
  switch (n.type) {
    case "event":
      if (!reads(n.event)) return "none";
      if (n.measure.kind !== "count") return "mixed"; // sums and averages can move either way
      if (n.measure.op === "at_least") return n.measure.value <= 0 ? "none" : "up";
      return n.measure.op === "at_most" ? "down" : "mixed";
    case "no_event":
      return reads(n.event) ? "down" : "none";
    case "sequence": {
      if (n.followed) return reads(n.first.event) || reads(n.then.event) ? "up" : "none";
      if (reads(n.first.event)) return "mixed"; // a new first step starts a new wait
      return reads(n.then.event) ? "down" : "none";
    }
    case "seen":
      // Any event can only move last seen later; a late event can move first seen earlier.
      if (n.which === "first") return "mixed";
      return n.op === "within_last" || n.op === "after" ? "up" : "down";
    case "trait":
    case "consent":
    case "segment":
      return "none";
  }
}
