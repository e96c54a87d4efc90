import { CMP, movesWithClock } from "./compile";
import type { Condition, Duration, EventCondition, Group, Node, PropertyFilter, SegmentDefinition, SequenceCondition, Window } from "./schema";
import { comparisonSql, durationMs, filterSql, intervalOf, num, Params, pathOf, tsOf, windowSql } from "./sql";

/**
 * The live pass's form of the compiler: every definition of a dependency level in one statement
 * over the pass's profiles. Their events are read once per event name and filter set (through the
 * (profile, name, time) index, only as far back as the longest window that reads them), into one
 * row per profile of every aggregate any condition needs (latest time, count, total… each
 * restricted to its window), joined to the profile; each definition is then a boolean column
 * `m<i>` and its next due moment a column `d<i>` (epoch ms), both plain expressions over that
 * row. The answers are those of `compileDefinition` (the differential test holds them to it); only
 * the reading differs: once per event summary instead of once per condition and again per due
 * moment.
 *
 * Columns are computed for every profile of the pass, but a definition's answer holds only for its
 * own candidates (`candidates[i]`): each summary reads the rows of just the profiles of the
 * definitions that use it (the text stays the same from pass to pass, only the arrays change).
 */
export function compileLive(defs: SegmentDefinition[], opts: { workspaceId: string; now: Date; candidates: number[][] }): { sql: string; params: unknown[] } {
  const p = new Params();
  const all = [...new Set(opts.candidates.flat())];
  const ctx: Ctx = {
    p,
    ws: p.shared("ws", opts.workspaceId, "::text"),
    now: p.shared("now", opts.now.toISOString(), "::timestamptz"),
    all: p.shared("all", all, "::bigint[]"),
    summaries: new Map(),
    def: 0,
  };
  const columns = defs.map((def, i) => {
    ctx.def = i;
    const { pass, due } = node(def, ctx);
    // In double precision (numeric arithmetic is several times slower): exact for times in whole milliseconds.
    const dueMs = due ? `round(date_part('epoch', ${due}) * 1000)::bigint` : "NULL::bigint";
    return `p.merged_into IS NULL AND (${pass}) AS m${i}, CASE WHEN p.merged_into IS NULL THEN ${dueMs} END AS d${i}`;
  });
  const joins = [...ctx.summaries.values()].map((s) => {
    // Only the profiles with work for a definition that reads this summary.
    s.ids.fill([...new Set([...s.users].flatMap((i) => opts.candidates[i] ?? []))]);
    return (
      `LEFT JOIN (SELECT e.profile_id, ${[...s.columns].map(([expr, c]) => `${expr} AS ${c}`).join(", ")} FROM events e WHERE ${s.where} AND e.profile_id = ANY(${s.ids.placeholder})${
        s.reach === "all" || !s.reach ? "" : ` AND e.ts > ${ctx.now} - ${s.reach.interval}`
      } GROUP BY e.profile_id) ${s.alias} ON ${s.alias}.profile_id = p.id`
    );
  });
  const sql = `${p.anchor()} SELECT p.id${columns.map((c) => `, ${c}`).join("")} FROM profiles p ${joins.join(" ")} WHERE p.workspace_id = ${ctx.ws} AND p.id = ANY(${ctx.all})`;
  return { sql, params: p.values };
}

/** The profiles a summary reads: a parameter of its own, filled once every definition is compiled. */
type Summary = { alias: string; where: string; columns: Map<string, string>; reach?: Reach; users: Set<number>; ids: ReturnType<Params["slot"]> };
/** How far back a summary's rows matter: its longest window, or all of history. */
type Reach = { ms: number; interval: string } | "all";
/** `def`: the index of the definition being compiled. */
type Ctx = { p: Params; ws: string; now: string; all: string; summaries: Map<string, Summary>; def: number };
/** A condition's answer over the profile row, and the next moment the clock alone can change it (NULL: none). */
type Compiled = { pass: string; due: string | null };

/** The column of the per-profile summary of event `event` (with `filters`) that holds aggregate `expr` (over `e`, rows in window `w`). */
function summary(ctx: Ctx, event: string, filters: PropertyFilter[], expr: string, w: Window): string {
  const key = JSON.stringify([event, filters]);
  let s = ctx.summaries.get(key);
  if (!s) {
    const where = [`e.workspace_id = ${ctx.ws}`, `e.event = ${ctx.p.add(event, "::text")}`, ...filters.map((f) => filterSql(f, "e", ctx.p, ctx.now))].join(" AND ");
    ctx.summaries.set(key, (s = { alias: `s${ctx.summaries.size}`, where, columns: new Map(), users: new Set(), ids: ctx.p.slot("::bigint[]") }));
  }
  s.users.add(ctx.def);
  if (s.reach !== "all") s.reach = w.kind !== "last" ? "all" : s.reach && s.reach.ms >= durationMs(w) ? s.reach : { ms: durationMs(w), interval: interval(ctx, w) };
  let c = s.columns.get(expr);
  if (!c) s.columns.set(expr, (c = `c${s.columns.size}`));
  return `${s.alias}.${c}`;
}

/**
 * The latest time of the rows in window `w`, NULL when there is none. A summary reads no further
 * back than its longest window, so one `max` column serves every "in the last …" window of it.
 */
function latestIn(ctx: Ctx, event: string, filters: PropertyFilter[], w: Window): string {
  if (w.kind === "between") return summary(ctx, event, filters, `max(e.ts)${within(ctx, w)}`, w);
  const latest = summary(ctx, event, filters, "max(e.ts)", w);
  return w.kind === "last" ? `(CASE WHEN ${latest} > ${ctx.now} - ${interval(ctx, w)} THEN ${latest} END)` : latest;
}

/** An interval parameter, shared by every condition with the same duration (so equal aggregates are computed once). */
function interval(ctx: Ctx, d: Pick<Duration, "amount" | "unit">): string {
  const text = intervalOf(d);
  return ctx.p.shared(`interval:${text}`, text, "::interval");
}

/** `FILTER (WHERE …)` restricting an aggregate to a window ("" for ever). */
function within(ctx: Ctx, w: Window): string {
  if (w.kind === "ever") return "";
  if (w.kind === "last") return ` FILTER (WHERE e.ts > ${ctx.now} - ${interval(ctx, w)})`;
  const from = ctx.p.shared(`ts:${w.from}`, w.from, "::timestamptz");
  const to = ctx.p.shared(`ts:${w.to}`, w.to, "::timestamptz");
  return ` FILTER (WHERE e.ts >= ${from} AND e.ts < ${to})`;
}

/** A due moment, kept only when it is still ahead (a past one says nothing about the future). */
function ahead(ctx: Ctx, due: string): string {
  return `CASE WHEN ${due} > ${ctx.now} THEN ${due} END`;
}

function earliest(dues: (string | null)[]): string | null {
  const list = dues.filter((d): d is string => d !== null);
  return list.length === 0 ? null : list.length === 1 ? list[0]! : `least(${list.join(", ")})`;
}

function node(n: Node, ctx: Ctx): Compiled {
  return n.type === "group" ? group(n, ctx) : leaf(n, ctx);
}

function group(g: Group, ctx: Ctx): Compiled {
  const parts = g.conditions.map((c) => ({ ...node(c, ctx), clock: movesWithClock(c) }));
  // As in `compileDefinition`: a due moment counts only while no sibling the clock cannot move
  // already decides the group (false under AND, true under OR).
  const dues = parts.map((c) => {
    if (!c.due) return null;
    const guards = parts.filter((s) => s !== c && !s.clock).map((s) => (g.op === "and" ? `(${s.pass})` : `NOT (${s.pass})`));
    return guards.length === 0 ? c.due : `CASE WHEN ${guards.join(" AND ")} THEN ${c.due} END`;
  });
  const joined = parts.length === 0 ? (g.op === "and" ? "true" : "false") : parts.map((s) => `(${s.pass})`).join(g.op === "and" ? " AND " : " OR ");
  return { pass: g.negate ? `NOT (${joined})` : joined, due: earliest(dues) };
}

function leaf(c: Condition, ctx: Ctx): Compiled {
  const { p, now } = ctx;
  switch (c.type) {
    case "trait": {
      const path = p.add(pathOf(c.trait), "::text[]");
      const t = `(p.traits #>> ${path})`;
      const pass = comparisonSql(c, t, `(p.traits #> ${path})`, p, now);
      if (c.valueType !== "date" || (c.op !== "within_last" && c.op !== "not_within_last")) return { pass, due: null };
      const d = tsOf(t);
      return { pass, due: ahead(ctx, `(CASE WHEN ${d} > ${now} THEN ${d} ELSE ${d} + ${interval(ctx, c.within!)} END)`) };
    }
    case "event":
      return eventCondition(c, ctx);
    case "no_event": {
      const latest = latestIn(ctx, c.event, c.filters, c.window);
      return { pass: `${latest} IS NULL`, due: c.window.kind === "last" ? ahead(ctx, `${latest} + ${interval(ctx, c.window)}`) : null };
    }
    case "sequence":
      return sequenceCondition(c, ctx);
    case "seen": {
      const col = c.which === "first" ? "p.first_seen_at" : "p.last_seen_at";
      if (c.op === "before") return { pass: `coalesce(${col} < ${p.add(c.date, "::timestamptz")}, false)`, due: null };
      if (c.op === "after") return { pass: `coalesce(${col} > ${p.add(c.date, "::timestamptz")}, false)`, due: null };
      const w = interval(ctx, c.within!);
      const inside = `${col} > ${now} - ${w}`;
      return { pass: c.op === "within_last" ? `coalesce(${inside}, false)` : `coalesce(NOT (${inside}), false)`, due: ahead(ctx, `${col} + ${w}`) };
    }
    case "segment": {
      const inSql = `p.id IN (SELECT m.profile_id FROM segment_members m WHERE m.segment_id = ${p.add(c.segmentId, "::text")} AND m.profile_id = ANY(${ctx.all}))`;
      return { pass: c.member ? inSql : `NOT ${inSql}`, due: null };
    }
    case "consent": {
      const granted = `coalesce(lower(p.consent -> ${p.add(c.purpose)} ->> 'granted') = 'true', false)`;
      return { pass: c.granted ? granted : `NOT ${granted}`, due: null };
    }
  }
}

function eventCondition(c: EventCondition, ctx: Ctx): Compiled {
  const { p } = ctx;
  const m = c.measure;
  const f = within(ctx, c.window);
  const col = (expr: string) => summary(ctx, c.event, c.filters, expr, c.window);
  // "At least once": the latest time in the window, which its due moment reads too.
  const latest = m.kind === "count" && m.op === "at_least" && m.value === 1 ? latestIn(ctx, c.event, c.filters, c.window) : null;
  let pass: string;
  if (latest) {
    pass = `${latest} IS NOT NULL`;
  } else if (m.kind === "count") {
    const n = `coalesce(${col(`count(*)${f}`)}, 0)`;
    const v = m.value;
    pass = m.op === "at_least" ? (v <= 0 ? "true" : `${n} >= ${v}`) : m.op === "at_most" ? `${n} <= ${v}` : `${n} = ${v}`;
  } else {
    // The path is shared too: totals of one property over one window are one column, whatever they are compared with.
    const x = num(`(e.properties #>> ${p.shared(`path:${m.property}`, pathOf(m.property), "::text[]")})`);
    // A total over no events is 0 (so "revenue under 100" includes people without orders); an
    // average, minimum or maximum of nothing is unknown, and nobody passes on it.
    const agg = m.kind === "sum" ? `coalesce(${col(`sum(${x})${f}`)}, 0)` : col(`${m.kind}(${x})${f}`);
    const test = m.op === "between" ? `${agg} BETWEEN ${p.add(m.value, "::numeric")} AND ${p.add(m.to, "::numeric")}` : `${agg} ${CMP[m.op]} ${p.add(m.value, "::numeric")}`;
    pass = `coalesce(${test}, false)`;
  }
  if (c.window.kind !== "last") return { pass, due: null };
  const w = interval(ctx, c.window);
  // "At least N in the last W" turns false when the N-th most recent one leaves the window; any
  // other measure can change whenever the oldest one in the window leaves it.
  let moment: string;
  if (latest) moment = latest;
  else if (m.kind === "count" && m.op === "at_least" && m.value > 0) moment = `(${col(`array_agg(e.ts ORDER BY e.ts DESC)${f}`)})[${m.value}]`;
  else moment = col(`min(e.ts)${f}`);
  return { pass, due: ahead(ctx, `${moment} + ${w}`) };
}

function sequenceCondition(c: SequenceCondition, ctx: Ctx): Compiled {
  const { p, now } = ctx;
  const f = within(ctx, c.window);
  const t = interval(ctx, c.within);
  const w = c.window.kind === "last" ? interval(ctx, c.window) : null;
  if (c.followed) {
    // Pairs: an A in the window with a B after it, at most T later (read per A, not summarised).
    const a = [`a.workspace_id = ${ctx.ws}`, `a.event = ${p.add(c.first.event, "::text")}`, `a.profile_id = ANY(${ctx.all})`, ...c.first.filters.map((x) => filterSql(x, "a", p, now))];
    if (c.window.kind !== "ever") a.push(windowSql(c.window, "a", p, now));
    const b = [`b.workspace_id = ${ctx.ws}`, "b.profile_id = a.profile_id", `b.event = ${p.add(c.then.event, "::text")}`, ...c.then.filters.map((x) => filterSql(x, "b", p, now))];
    const pass = `p.id IN (SELECT a.profile_id FROM events a WHERE ${a.join(" AND ")} AND EXISTS (SELECT 1 FROM events b WHERE ${b.join(" AND ")} AND b.ts > a.ts AND b.ts <= a.ts + ${t}))`;
    return { pass, due: w ? ahead(ctx, `${summary(ctx, c.first.event, c.first.filters, `min(e.ts)${f}`, c.window)} + ${w}`) : null };
  }
  // The latest A counts once T has passed without a B after it; a later B ends it. Under "in the
  // last W", any B after that A is inside W too: only that far back are B's rows read.
  const lastA = latestIn(ctx, c.first.event, c.first.filters, c.window);
  const bWindow: Window = c.window.kind === "last" ? c.window : { kind: "ever" };
  const lastB = summary(ctx, c.then.event, c.then.filters, "max(e.ts)", bWindow);
  const pass = `coalesce(${lastA} + ${t} <= ${now} AND NOT coalesce(${lastB} > ${lastA}, false), false)`;
  return { pass, due: earliest([ahead(ctx, `${lastA} + ${t}`), w ? ahead(ctx, `${lastA} + ${w}`) : null]) };
}
