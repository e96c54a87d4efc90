import type { Rng } from "../demo/random";
import type { Condition, Group, Node, PropertyFilter, Window } from "./schema";

/**
 * Random segment definitions over a small vocabulary, for the differential test (live membership
 * must equal a full recompute) and the benchmark. Windows are minutes to hours so that time-based
 * flips happen within a simulated afternoon.
 */
export const VOCAB = {
  events: ["Product Added", "Order Completed", "Page Viewed"],
  categories: ["coffee", "tea", "gear"],
  plans: ["free", "pro", "team"],
  purposes: ["marketing_email", "advertising"],
} as const;

function window(r: Rng, base: number): Window {
  const k = r.int(0, 5);
  if (k <= 1) return { kind: "ever" };
  if (k <= 4) return { kind: "last", amount: r.int(10, 180), unit: "minutes" };
  const from = base + r.int(-120, 120) * 60_000;
  return { kind: "between", from: new Date(from).toISOString(), to: new Date(from + r.int(30, 300) * 60_000).toISOString() };
}

function filters(r: Rng): PropertyFilter[] {
  if (r.chance(0.6)) return [];
  return r.chance(0.5)
    ? [{ property: "category", valueType: "string", op: r.pick(["eq", "neq", "in"] as const), value: r.pick(VOCAB.categories), values: [r.pick(VOCAB.categories)] }]
    : [{ property: "revenue", valueType: "number", op: r.pick(["gt", "lte"] as const), value: r.int(5, 60) }];
}

function condition(r: Rng, base: number, segmentIds: string[]): Condition {
  const kind = r.int(0, 9);
  const event = () => r.pick(VOCAB.events);
  if (kind <= 1) {
    const t = r.int(0, 4);
    if (t === 0) return { type: "trait", trait: "plan", valueType: "string", op: r.pick(["eq", "neq", "in", "exists"] as const), value: r.pick(VOCAB.plans), values: [r.pick(VOCAB.plans), r.pick(VOCAB.plans)] };
    if (t === 1) return { type: "trait", trait: "age", valueType: "number", op: r.pick(["gt", "lt", "between", "not_exists"] as const), value: r.int(18, 50), to: r.int(50, 80) };
    if (t === 2) return { type: "trait", trait: "vip", valueType: "boolean", op: r.pick(["eq", "neq"] as const), value: r.chance(0.5) };
    if (t === 3) return { type: "trait", trait: "signup_at", valueType: "date", op: r.pick(["within_last", "not_within_last", "before"] as const), value: new Date(base).toISOString(), within: { amount: r.int(20, 200), unit: "minutes" } };
    return { type: "trait", trait: "tags", valueType: "list", op: r.pick(["contains", "not_contains"] as const), value: r.pick(["beans", "decaf"]) };
  }
  if (kind <= 4) {
    const measure =
      r.chance(0.7)
        ? { kind: "count" as const, op: r.pick(["at_least", "at_most", "exactly"] as const), value: r.int(0, 3) }
        : { kind: r.pick(["sum", "avg", "min", "max"] as const), property: "revenue", op: r.pick(["gt", "lt", "between"] as const), value: r.int(0, 60), to: 90 };
    return { type: "event", event: event(), filters: filters(r), measure, window: window(r, base) };
  }
  if (kind === 5) return { type: "no_event", event: event(), filters: filters(r), window: window(r, base) };
  if (kind === 6) return { type: "sequence", first: { event: event(), filters: [] }, then: { event: event(), filters: filters(r) }, followed: r.chance(0.5), within: { amount: r.int(5, 90), unit: "minutes" }, window: window(r, base) };
  if (kind === 7) return { type: "seen", which: r.pick(["first", "last"] as const), op: r.pick(["within_last", "not_within_last", "after"] as const), date: new Date(base).toISOString(), within: { amount: r.int(15, 240), unit: "minutes" } };
  if (kind === 8 && segmentIds.length) return { type: "segment", segmentId: r.pick(segmentIds), member: r.chance(0.6) };
  return { type: "consent", purpose: r.pick(VOCAB.purposes), granted: r.chance(0.7) };
}

export function randomDefinition(r: Rng, opts: { base: number; segmentIds?: string[]; depth?: number }): Group {
  const depth = opts.depth ?? 0;
  const n = r.int(1, depth === 0 ? 4 : 3);
  const conditions: Node[] = [];
  for (let i = 0; i < n; i++) {
    conditions.push(depth < 2 && r.chance(0.25) ? randomDefinition(r, { ...opts, depth: depth + 1 }) : condition(r, opts.base, opts.segmentIds ?? []));
  }
  return { type: "group", op: r.chance(0.6) ? "and" : "or", negate: depth > 0 && r.chance(0.3), conditions };
}
