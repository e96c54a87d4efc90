import { filterSql, num, Params, pathOf } from "../segments/sql";
import type { Breakdown, DateRange, Interval, Series } from "./schema";

/**
 * The range's bounds as SQL over the workspace's timezone parameter: "last N days" starts at
 * midnight N-1 days ago (local) and ends now; "between" covers both dates, local midnight to midnight.
 */
export function rangeSql(range: DateRange, tz: string, p: Params, shiftBack = false): { from: string; to: string } {
  let from: string;
  let to: string;
  if (range.kind === "last") {
    const unit = range.unit.slice(0, -1); // day, week, month
    from = `((date_trunc('${unit}', now() AT TIME ZONE ${tz}) - ${p.add(`${range.amount - 1} ${range.unit}`, "::interval")}) AT TIME ZONE ${tz})`;
    to = "now()";
  } else {
    from = `(${p.add(range.from, "::timestamp")} AT TIME ZONE ${tz})`;
    to = `((${p.add(range.to, "::timestamp")} + interval '1 day') AT TIME ZONE ${tz})`;
  }
  if (!shiftBack) return { from, to };
  // The previous period: the same length, ending where this one starts.
  return { from: `(${from} - (${to} - ${from}))`, to: from };
}

export function bucketSql(interval: Interval, ts: string, tz: string): string {
  return `date_trunc('${interval}', ${ts} AT TIME ZONE ${tz})`;
}

/** The value a series takes from each event row `e` (null for counts), and its aggregate over rows of (profile_id, v). */
export function measureSql(s: Series, p: Params): { value: string; agg: string } {
  if (s.measure === "count") return { value: "NULL::numeric", agg: "count(*)::float8" };
  if (s.measure === "uniques") return { value: "NULL::numeric", agg: "count(DISTINCT profile_id)::float8" };
  const v = num(`(e.properties #>> ${p.add(pathOf(s.property!), "::text[]")})`);
  return { value: v, agg: s.measure === "sum" ? "coalesce(sum(v), 0)::float8" : "avg(v)::float8" };
}

/** The breakdown value of an event row `e` (with its profile `p` joined when it is a trait). */
export function breakdownSql(b: Breakdown | null, p: Params): { expr: string; join: string } {
  if (!b) return { expr: "NULL::text", join: "" };
  if (b.kind === "property") return { expr: `(e.properties #>> ${p.add(pathOf(b.property), "::text[]")})`, join: "" };
  if (b.kind === "trait") return { expr: `(pr.traits #>> ${p.add(pathOf(b.trait), "::text[]")})`, join: "LEFT JOIN profiles pr ON pr.id = e.profile_id" };
  return {
    expr: "sg.name",
    join: `JOIN segment_members sm ON sm.profile_id = e.profile_id AND sm.segment_id = ANY(${p.add(b.segmentIds, "::text[]")}) JOIN segments sg ON sg.id = sm.segment_id`,
  };
}

export function seriesFilterSql(s: Pick<Series, "filters">, p: Params): string {
  return s.filters.map((f) => ` AND ${filterSql(f, "e", p, "now()")}`).join("");
}
