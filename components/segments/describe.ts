import type { Condition, Duration, Group, Measure, Node, Operator, PropertyFilter, Window } from "@/lib/segments/schema";

/** Plain words for definitions: under the builder, in the segment list and in "why". */
export const OP_LABELS: Record<Operator, string> = {
  eq: "is",
  neq: "is not",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  in: "is one of",
  not_in: "is none of",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  between: "is between",
  exists: "is set",
  not_exists: "is not set",
  before: "is before",
  after: "is after",
  within_last: "is within the last",
  not_within_last: "is not within the last",
};

export function durationText(d: Pick<Duration, "amount" | "unit">): string {
  const unit = d.amount === 1 ? d.unit.replace(/s$/, "") : d.unit;
  return `${d.amount} ${unit}`;
}

function day(iso: string): string {
  return iso.length > 10 ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) : iso;
}

export function windowText(w: Window): string {
  if (w.kind === "ever") return "ever";
  if (w.kind === "last") return `in the last ${durationText(w)}`;
  return `between ${day(w.from)} and ${day(w.to)}`;
}

const quote = (v: unknown) => (typeof v === "string" ? `“${v}”` : String(v));

export function comparisonText(name: string, c: Pick<PropertyFilter, "op" | "value" | "to" | "values" | "within" | "valueType">): string {
  const op = OP_LABELS[c.op];
  if (c.op === "exists" || c.op === "not_exists") return `${name} ${op}`;
  if (c.op === "in" || c.op === "not_in") return `${name} ${op} ${(c.values ?? []).map(quote).join(", ")}`;
  if (c.op === "within_last" || c.op === "not_within_last") return `${name} ${op} ${c.within ? durationText(c.within) : "…"}`;
  if (c.op === "between") return `${name} ${op} ${quote(c.value)} and ${quote(c.to)}`;
  if (c.valueType === "list") return `${name} ${c.op === "contains" ? "includes" : "does not include"} ${quote(c.value)}`;
  return `${name} ${op} ${c.value === undefined || c.value === "" ? "…" : quote(c.value)}`;
}

function filtersText(filters: PropertyFilter[]): string {
  return filters.length ? ` where ${filters.map((f) => comparisonText(f.property, f)).join(" and ")}` : "";
}

function measureText(m: Measure): string {
  if (m.kind === "count") {
    const times = (n: number) => (n === 1 ? "once" : `${n} times`);
    return m.op === "at_least" ? (m.value === 1 ? "" : ` at least ${times(m.value)}`) : m.op === "at_most" ? ` at most ${times(m.value)}` : ` exactly ${times(m.value)}`;
  }
  const agg = { sum: "total", avg: "average", min: "smallest", max: "largest" }[m.kind];
  const op = m.op === "between" ? `between ${m.value} and ${m.to}` : `${OP_LABELS[m.op].replace(/^is /, "")} ${m.value}`;
  return ` with ${agg} ${m.property} ${op}`;
}

export function conditionText(c: Condition, segmentName: (id: string) => string = (id) => id): string {
  switch (c.type) {
    case "trait":
      return comparisonText(c.trait, c);
    case "event":
      if (c.measure.kind === "count" && c.measure.op === "exactly" && c.measure.value === 0) return `did not do ${c.event}${filtersText(c.filters)} ${windowText(c.window)}`;
      return `did ${c.event}${filtersText(c.filters)}${measureText(c.measure)} ${windowText(c.window)}`;
    case "no_event":
      return `did not do ${c.event}${filtersText(c.filters)} ${windowText(c.window)}`;
    case "sequence": {
      const then = `${c.then.event}${filtersText(c.then.filters)}`;
      const first = `${c.first.event}${filtersText(c.first.filters)}`;
      const when = c.window.kind === "ever" ? "" : ` (${first} ${windowText(c.window)})`;
      return c.followed ? `did ${first}, then ${then} within ${durationText(c.within)}${when}` : `did ${first}, and no ${then} within ${durationText(c.within)} or since${when}`;
    }
    case "seen": {
      const what = c.which === "first" ? "was first seen" : "was last seen";
      if (c.op === "before" || c.op === "after") return `${what} ${c.op} ${c.date ? day(c.date) : "…"}`;
      return `${what} ${c.op === "within_last" ? "within" : "more than"} ${c.within ? durationText(c.within) : "…"} ago`.replace("within ", "within the last ").replace(" ago", c.op === "within_last" ? "" : " ago");
    }
    case "segment":
      return `is ${c.member ? "" : "not "}in segment “${segmentName(c.segmentId)}”`;
    case "consent":
      return `has ${c.granted ? "" : "not "}granted consent for ${c.purpose.replace(/_/g, " ")}`;
  }
}

export function nodeText(n: Node, segmentName?: (id: string) => string): string {
  if (n.type !== "group") return conditionText(n, segmentName);
  if (n.conditions.length === 0) return n.negate ? "nobody" : n.op === "and" ? "everyone" : "nobody";
  const parts = n.conditions.map((c) => (c.type === "group" && c.conditions.length > 1 ? `(${nodeText(c, segmentName)})` : nodeText(c, segmentName)));
  const joined = parts.join(n.op === "and" ? " and " : " or ");
  return n.negate ? `not (${joined})` : joined;
}

/** "People who …": the whole definition in one sentence. */
export function definitionText(g: Group, segmentName?: (id: string) => string): string {
  if (g.conditions.length === 0 && !g.negate) return "Everyone";
  return `People who ${nodeText(g, segmentName)}`;
}
