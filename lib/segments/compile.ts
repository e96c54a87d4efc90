import type { Condition, EventCondition, Group, Node, PropertyFilter, SegmentDefinition, SequenceCondition, Window } from "./schema";
import { comparisonSql, filterSql, intervalOf, num, Params, pathOf, tsOf, windowSql } from "./sql";

/**
 * The one compiler from a segment definition to SQL. The same predicate (over `profiles p`) serves
 * the preview count, the full recompute and the incremental re-evaluation; the incremental one only
 * adds "and the profile is one of these candidates" to every scan, which cannot change the answer
 * for a candidate. `due` lists, per time-dependent condition, a query of (profile_id, due) rows: the
 * next moments at which the answer can change with the clock alone.
 */
export type CompileOptions = {
  workspaceId: string;
  now: Date;
  candidates?: number[];
  /**
   * Only the sample of one profile in SAMPLE_EVERY, chosen by a hash of the id (and their events):
   * a quick estimate of a big workspace, read through partial indexes that hold just the sample.
   */
  sample?: boolean;
};

/** One profile in SAMPLE_EVERY is in the estimate sample; the partial indexes of migration 0024 name the same number. */
export const SAMPLE_EVERY = 64;
export type Leaf = { path: string; condition: Condition; pass: string; value: string };
export type Compiled = { predicate: string; due: string[]; leaves: Leaf[]; params: Params };

type Ctx = { p: Params; ws: string; now: string; cands: string | null; due: string[]; leaves: Leaf[]; sample: boolean };

function context(opts: CompileOptions): Ctx {
  const p = new Params();
  return {
    p,
    ws: p.shared("ws", opts.workspaceId, "::text"),
    now: p.shared("now", opts.now.toISOString(), "::timestamptz"),
    cands: opts.candidates ? p.shared("cands", opts.candidates, "::bigint[]") : null,
    due: [],
    leaves: [],
    sample: !!opts.sample,
  };
}

export function compileDefinition(def: SegmentDefinition, opts: CompileOptions): Compiled {
  const ctx = context(opts);
  const predicate = node(def, ctx, "");
  return { predicate, due: ctx.due, leaves: ctx.leaves, params: ctx.p };
}

/** The live profiles that match (restricted to the candidates when given). */
export function membersSql(c: Compiled, opts: CompileOptions, columns = "p.id"): string {
  const scope = (opts.candidates ? ` AND p.id = ANY(${c.params.shared("cands", opts.candidates, "::bigint[]")})` : "") + (opts.sample ? ` AND ${inSample("p.id")}` : "");
  const ws = c.params.shared("ws", opts.workspaceId, "::text");
  return `${c.params.anchor()} SELECT ${columns} FROM profiles p WHERE p.workspace_id = ${ws} AND p.merged_into IS NULL${scope} AND (${c.predicate})`;
}

/** (profile_id, due_at): the next moment each profile's answer can change by the clock alone; null when nothing can. */
export function dueSql(c: Compiled, opts: CompileOptions): string | null {
  if (c.due.length === 0) return null;
  const now = c.params.shared("now", opts.now.toISOString(), "::timestamptz");
  return `${c.params.anchor()} SELECT profile_id, min(due) AS due_at FROM (${c.due.join(" UNION ALL ")}) d WHERE due > ${now} GROUP BY profile_id`;
}

function node(n: Node, ctx: Ctx, path: string): string {
  if (n.type === "group") return group(n, ctx, path);
  const { pass, value } = leaf(n, ctx);
  ctx.leaves.push({ path, condition: n, pass, value });
  return pass;
}

function group(g: Group, ctx: Ctx, path: string): string {
  const compiled = g.conditions.map((c, i) => {
    const from = ctx.due.length;
    const predicate = node(c, ctx, path ? `${path}.${i}` : String(i));
    return { predicate, from, to: ctx.due.length, clock: movesWithClock(c) };
  });
  // A timer only matters while the clock can still change the answer: not while a sibling that
  // the clock cannot move already decides this group (false under AND, true under OR). Such a
  // sibling only changes with new data, which re-evaluates the profile and sets its timers again.
  for (const c of compiled) {
    const guards = compiled.filter((s) => s !== c && !s.clock).map((s) => (g.op === "and" ? `(${s.predicate})` : `NOT (${s.predicate})`));
    if (guards.length === 0) continue;
    for (let i = c.from; i < c.to; i++) ctx.due[i] = `SELECT d.profile_id, d.due FROM (${ctx.due[i]}) d JOIN profiles p ON p.id = d.profile_id WHERE ${guards.join(" AND ")}`;
  }
  const parts = compiled.map((c) => c.predicate);
  const joined = parts.length === 0 ? (g.op === "and" ? "true" : "false") : parts.map((s) => `(${s})`).join(g.op === "and" ? " AND " : " OR ");
  return g.negate ? `NOT (${joined})` : joined;
}

/** Can the answer of this condition change with the clock alone (or through another segment, whose answer can)? */
export function movesWithClock(n: Node): boolean {
  if (n.type === "group") return n.conditions.some(movesWithClock);
  const relative = (f: { valueType: string; op: string }) => f.valueType === "date" && (f.op === "within_last" || f.op === "not_within_last");
  switch (n.type) {
    case "event":
    case "no_event":
      return n.window.kind === "last" || n.filters.some(relative);
    case "sequence":
      return true;
    case "trait":
      return relative(n);
    case "seen":
      return n.op === "within_last" || n.op === "not_within_last";
    case "segment":
      return true;
    case "consent":
      return false;
  }
}

function leaf(c: Condition, ctx: Ctx): { pass: string; value: string } {
  const { p, now } = ctx;
  switch (c.type) {
    case "trait": {
      const path = p.add(pathOf(c.trait), "::text[]");
      const t = `(p.traits #>> ${path})`;
      const j = `(p.traits #> ${path})`;
      if (c.valueType === "date" && (c.op === "within_last" || c.op === "not_within_last")) {
        const d = tsOf(t);
        ctx.due.push(`SELECT p.id AS profile_id, CASE WHEN ${d} > ${now} THEN ${d} ELSE ${d} + ${p.add(intervalOf(c.within!), "::interval")} END AS due FROM profiles p WHERE ${profileScope(ctx)}`);
      }
      return { pass: comparisonSql(c, t, j, p, now), value: j };
    }
    case "event":
      return eventCondition(c, ctx);
    case "no_event": {
      const base = eventBase("e", c, c.window, ctx);
      if (c.window.kind === "last") ctx.due.push(`SELECT e.profile_id, max(e.ts) + ${p.add(intervalOf(c.window), "::interval")} AS due FROM events e WHERE ${base} GROUP BY 1`);
      return {
        pass: `NOT p.id IN (SELECT e.profile_id FROM events e WHERE ${base})`,
        value: `(SELECT jsonb_build_object('count', count(*), 'last', max(e.ts)) FROM events e WHERE ${base} AND e.profile_id = p.id)`,
      };
    }
    case "sequence":
      return sequenceCondition(c, ctx);
    case "seen": {
      const col = c.which === "first" ? "p.first_seen_at" : "p.last_seen_at";
      if (c.op === "before") return { pass: `coalesce(${col} < ${p.add(c.date, "::timestamptz")}, false)`, value: `to_jsonb(${col})` };
      if (c.op === "after") return { pass: `coalesce(${col} > ${p.add(c.date, "::timestamptz")}, false)`, value: `to_jsonb(${col})` };
      const w = p.add(intervalOf(c.within!), "::interval");
      ctx.due.push(`SELECT p.id AS profile_id, ${col} + ${w} AS due FROM profiles p WHERE ${profileScope(ctx)}`);
      const within = `${col} > ${now} - ${w}`;
      return { pass: c.op === "within_last" ? `coalesce(${within}, false)` : `coalesce(NOT (${within}), false)`, value: `to_jsonb(${col})` };
    }
    case "segment": {
      const scope = (ctx.cands ? ` AND m.profile_id = ANY(${ctx.cands})` : "") + (ctx.sample ? ` AND ${inSample("m.profile_id")}` : "");
      const inSql = `p.id IN (SELECT m.profile_id FROM segment_members m WHERE m.segment_id = ${p.add(c.segmentId, "::text")}${scope})`;
      return { pass: c.member ? inSql : `NOT ${inSql}`, value: `to_jsonb(${inSql})` };
    }
    case "consent": {
      const granted = `coalesce(lower(p.consent -> ${p.add(c.purpose)} ->> 'granted') = 'true', false)`;
      return { pass: c.granted ? granted : `NOT ${granted}`, value: `p.consent -> ${p.add(c.purpose)}` };
    }
  }
}

function profileScope(ctx: Ctx): string {
  return `p.workspace_id = ${ctx.ws} AND p.merged_into IS NULL${ctx.cands ? ` AND p.id = ANY(${ctx.cands})` : ""}${ctx.sample ? ` AND ${inSample("p.id")}` : ""}`;
}

/** The sample's condition, written as the partial indexes' predicates are (literal numbers, so the planner can use them). */
export function inSample(column: string): string {
  return `(hashint8(${column}) & ${SAMPLE_EVERY - 1}) = 0`;
}

/** The rows of event `c.event` that count for a condition: workspace, name, candidates, window, filters. */
function eventBase(a: string, c: { event: string; filters: PropertyFilter[] }, w: Window, ctx: Ctx): string {
  const parts = [`${a}.workspace_id = ${ctx.ws}`, `${a}.event = ${ctx.p.add(c.event, "::text")}`, `${a}.profile_id IS NOT NULL`];
  if (ctx.cands) parts.push(`${a}.profile_id = ANY(${ctx.cands})`);
  if (ctx.sample) parts.push(inSample(`${a}.profile_id`));
  if (w.kind !== "ever") parts.push(windowSql(w, a, ctx.p, ctx.now));
  for (const f of c.filters) parts.push(filterSql(f, a, ctx.p, ctx.now));
  return parts.join(" AND ");
}

/** The SQL operator of each comparison a measure can make. */
export const CMP = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=" } as const;

function eventCondition(c: EventCondition, ctx: Ctx): { pass: string; value: string } {
  const { p } = ctx;
  const base = eventBase("e", c, c.window, ctx);
  const m = c.measure;
  const ids = `SELECT e.profile_id FROM events e WHERE ${base}`;
  let pass: string;
  let agg: string;
  if (m.kind === "count") {
    agg = "count(*)";
    if (m.op === "at_least") pass = m.value <= 0 ? "true" : m.value === 1 ? `p.id IN (${ids})` : `p.id IN (${ids} GROUP BY 1 HAVING count(*) >= ${m.value})`;
    else if (m.op === "at_most") pass = `NOT p.id IN (${ids} GROUP BY 1 HAVING count(*) > ${m.value})`;
    else pass = m.value === 0 ? `NOT p.id IN (${ids})` : `p.id IN (${ids} GROUP BY 1 HAVING count(*) = ${m.value})`;
  } else {
    const valuePath = p.add(pathOf(m.property), "::text[]");
    const x = num(`(e.properties #>> ${valuePath})`);
    agg = m.kind === "sum" ? `coalesce(sum(${x}), 0)` : `${m.kind}(${x})`;
    const test = (a: string) => (m.op === "between" ? `${a} BETWEEN ${p.add(m.value, "::numeric")} AND ${p.add(m.to, "::numeric")}` : `${a} ${CMP[m.op]} ${p.add(m.value, "::numeric")}`);
    // A sum over no events is 0: when 0 passes ("revenue under 100"), people without events match too.
    const zeroPasses = m.kind === "sum" && (m.op === "between" ? m.value <= 0 && (m.to ?? 0) >= 0 : evalCmp(0, m.op, m.value));
    pass = zeroPasses ? `NOT p.id IN (${ids} GROUP BY 1 HAVING NOT (${test(agg)}))` : `p.id IN (${ids} GROUP BY 1 HAVING ${test(agg)})`;
  }
  if (c.window.kind === "last") {
    const w = p.add(intervalOf(c.window), "::interval");
    // "At least N in the last W" turns false when the N-th most recent one leaves the window; any
    // other measure can change whenever the oldest one in the window leaves it.
    if (m.kind === "count" && m.op === "at_least" && m.value === 1)
      ctx.due.push(`SELECT e.profile_id, max(e.ts) + ${w} AS due FROM events e WHERE ${base} GROUP BY 1`);
    else if (m.kind === "count" && m.op === "at_least" && m.value > 0)
      ctx.due.push(`SELECT profile_id, ts + ${w} AS due FROM (SELECT e.profile_id, e.ts, row_number() OVER (PARTITION BY e.profile_id ORDER BY e.ts DESC) AS rn FROM events e WHERE ${base}) x WHERE rn = ${m.value}`);
    else ctx.due.push(`SELECT e.profile_id, min(e.ts) + ${w} AS due FROM events e WHERE ${base} GROUP BY 1`);
  }
  return { pass, value: `(SELECT jsonb_build_object('${m.kind}', ${agg}, 'last', max(e.ts)) FROM events e WHERE ${base} AND e.profile_id = p.id)` };
}

function evalCmp(a: number, op: keyof typeof CMP, b: number): boolean {
  return op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : op === "lte" ? a <= b : a === b;
}

function sequenceCondition(c: SequenceCondition, ctx: Ctx): { pass: string; value: string } {
  const { p, now } = ctx;
  const baseA = eventBase("a", c.first, c.window, ctx);
  const t = p.add(intervalOf(c.within), "::interval");
  const bMatch = (a: string) => [`b.workspace_id = ${ctx.ws}`, `b.profile_id = ${a}.profile_id`, `b.event = ${p.add(c.then.event, "::text")}`, ...c.then.filters.map((f) => filterSql(f, "b", p, now))].join(" AND ");
  const w = c.window.kind === "last" ? p.add(intervalOf(c.window), "::interval") : null;
  if (c.followed) {
    if (w) ctx.due.push(`SELECT a.profile_id, min(a.ts) + ${w} AS due FROM events a WHERE ${baseA} GROUP BY 1`);
    const pairs = `SELECT a.profile_id FROM events a WHERE ${baseA} AND EXISTS (SELECT 1 FROM events b WHERE ${bMatch("a")} AND b.ts > a.ts AND b.ts <= a.ts + ${t})`;
    return { pass: `p.id IN (${pairs})`, value: `(SELECT jsonb_build_object('last_first_step', max(a.ts)) FROM events a WHERE ${baseA} AND a.profile_id = p.id)` };
  }
  // The latest A counts once T has passed without a B after it; a later B ends it.
  const lastA = `SELECT a.profile_id, max(a.ts) AS last_a FROM events a WHERE ${baseA} GROUP BY 1`;
  ctx.due.push(`SELECT profile_id, last_a + ${t} AS due FROM (${lastA}) x`);
  if (w) ctx.due.push(`SELECT profile_id, last_a + ${w} AS due FROM (${lastA}) x`);
  const open = `SELECT x.profile_id FROM (${lastA}) x WHERE x.last_a + ${t} <= ${now} AND NOT EXISTS (SELECT 1 FROM events b WHERE ${bMatch("x")} AND b.ts > x.last_a)`;
  return { pass: `p.id IN (${open})`, value: `(SELECT jsonb_build_object('last_first_step', max(a.ts)) FROM events a WHERE ${baseA} AND a.profile_id = p.id)` };
}

export function referencedSegments(def: SegmentDefinition): string[] {
  const out = new Set<string>();
  const walk = (n: Node) => (n.type === "group" ? n.conditions.forEach(walk) : n.type === "segment" && out.add(n.segmentId));
  walk(def);
  return [...out];
}

export type Dependencies = { events: string[]; traits: boolean; consent: boolean; seen: boolean; segments: string[]; timed: boolean };

/** What can change a segment's answer: which events, traits, consent, seen times, other segments. */
export function dependenciesOf(def: SegmentDefinition): Dependencies {
  const d: Dependencies = { events: [], traits: false, consent: false, seen: false, segments: referencedSegments(def), timed: false };
  const events = new Set<string>();
  const walk = (n: Node): void => {
    if (n.type === "group") return n.conditions.forEach(walk);
    if (n.type === "event" || n.type === "no_event") {
      events.add(n.event);
      if (n.window.kind === "last") d.timed = true;
    } else if (n.type === "sequence") {
      events.add(n.first.event).add(n.then.event);
      d.timed = true;
    } else if (n.type === "trait") {
      d.traits = true;
      if (n.op === "within_last" || n.op === "not_within_last") d.timed = true;
    } else if (n.type === "consent") d.consent = true;
    else if (n.type === "seen") {
      d.seen = true;
      if (n.op === "within_last" || n.op === "not_within_last") d.timed = true;
    }
  };
  walk(def);
  d.events = [...events];
  return d;
}
