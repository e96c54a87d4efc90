import { Params, filterSql, num, pathOf } from "../../segments/sql";
import { ANY_EVENT, type FeatureSpec } from "./schema";

export type NamedSpec = { name: string; spec: FeatureSpec };

/**
 * One statement computing every feature for a list of (profile, moment) pairs, each from the
 * profile's events strictly before its moment and its traits as they were then: the current value
 * when it was last set before the moment, else the latest identify event's value before it. The
 * same SQL serves training (many past moments) and the online store (now), so a model sees at
 * training exactly what it sees when scoring, and never an event from after its moment.
 */
export function featuresSql(workspaceId: string, specs: NamedSpec[]): { sql: string; values: (ids: number[], ats: Date[]) => unknown[] } {
  const p = new Params();
  const ws = p.add(workspaceId);
  const ids = p.add(null, "::bigint[]"); // $2 and $3: the moments, given at each run
  const ats = p.add(null, "::timestamptz[]");
  const at = "m.at";
  const aggs: string[] = [];
  const finals: string[] = [];
  const eventNames = new Set<string>();
  let needsAll = false;
  let longest = 0;
  const byName = new Map(specs.map((s) => [s.name, s.spec]));
  const cond = (spec: { event: string; filters: Parameters<typeof filterSql>[0][] }, windowDays: number | null) => {
    const parts = ["e.type = 'track'"];
    if (spec.event !== ANY_EVENT) parts.push(`e.event = ${p.add(spec.event, "::text")}`);
    if (windowDays) parts.push(`e.ts >= ${at} - ${p.add(`${windowDays} days`, "::interval")}`);
    for (const f of spec.filters) parts.push(filterSql(f, "e", p, at));
    return parts.join(" AND ");
  };
  const note = (event: string, windowDays: number | null) => {
    if (event === ANY_EVENT) needsAll = true;
    else eventNames.add(event);
    longest = windowDays === null ? Infinity : Math.max(longest, windowDays);
  };
  const column = (i: number) => `f${i}`;
  specs.forEach(({ name, spec }, i) => {
    const c = column(i);
    switch (spec.kind) {
      case "event": {
        note(spec.event, spec.windowDays);
        const where = cond(spec, spec.windowDays);
        const numeric = ["sum", "avg", "min", "max"].includes(spec.aggregate);
        const value = numeric && spec.property ? num(`(e.properties #>> ${p.add(pathOf(spec.property), "::text[]")})`) : "";
        const f = `FILTER (WHERE ${where})`;
        const agg =
          spec.aggregate === "count" ? `count(*) ${f}`
          : spec.aggregate === "sum" ? `coalesce(sum(${value}) ${f}, 0)`
          : spec.aggregate === "distinct_count" ? `count(DISTINCT e.properties #>> ${p.add(pathOf(spec.property ?? ""), "::text[]")}) ${f}`
          : `${spec.aggregate}(${value}) ${f}`;
        aggs.push(`${agg} AS ${c}`);
        finals.push(`${p.add(name, "::text")}, to_jsonb(round(a.${c}::numeric, 4))`);
        break;
      }
      case "recency":
        note(spec.event, null);
        aggs.push(`max(e.ts) FILTER (WHERE ${cond(spec, null)}) AS ${c}`);
        finals.push(`${p.add(name, "::text")}, to_jsonb(round((extract(epoch FROM a.at - a.${c}) / 86400)::numeric, 3))`);
        break;
      case "frequency":
        note(spec.event, spec.windowDays);
        aggs.push(`count(DISTINCT date_trunc('day', e.ts)) FILTER (WHERE ${cond(spec, spec.windowDays)}) AS ${c}`);
        finals.push(`${p.add(name, "::text")}, to_jsonb(a.${c})`);
        break;
      case "trait": {
        needsAll = true;
        longest = Infinity;
        const key = p.add(spec.trait, "::text");
        aggs.push(`(array_agg(e.traits -> ${key} ORDER BY e.ts DESC) FILTER (WHERE e.type = 'identify' AND e.traits ? ${key}))[1] AS ${c}`);
        finals.push(
          `${p.add(name, "::text")}, CASE WHEN coalesce((pr.trait_times ->> ${key})::bigint, 0) <= (extract(epoch FROM a.at) * 1000)::bigint THEN pr.traits -> ${key} ELSE a.${c} END`,
        );
        break;
      }
      case "ratio":
        break;
    }
  });
  // Ratios divide two features computed above (nothing when the denominator is 0 or missing).
  const ratios: string[] = [];
  for (const { name, spec } of specs) {
    if (spec.kind !== "ratio") continue;
    const top = byName.get(spec.numerator);
    const bottom = byName.get(spec.denominator);
    if (!top || !bottom || top.kind === "ratio" || bottom.kind === "ratio") continue; // refused when saved
    const a = num(`(x.v ->> ${p.add(spec.numerator, "::text")})`);
    const b = num(`(x.v ->> ${p.add(spec.denominator, "::text")})`);
    ratios.push(` || jsonb_build_object(${p.add(name, "::text")}, CASE WHEN ${b} <> 0 THEN to_jsonb(round(${a} / ${b}, 4)) END)`);
  }
  const eventScope = needsAll ? "" : `AND e.event = ANY(${p.add([...eventNames], "::text[]")})`;
  const lower = Number.isFinite(longest) && longest > 0 ? `AND e.ts >= m.at - ${p.add(`${longest} days`, "::interval")}` : "";
  const jsonPairs = chunk(finals, 40).map((part) => `jsonb_build_object(${part.join(", ")})`).join(" || ") || "'{}'::jsonb";
  const ratioSql = ratios.join("");
  const sql = `
    WITH m AS (SELECT * FROM unnest(${ids}, ${ats}) AS m(profile_id, at)),
    a AS (
      SELECT m.profile_id, m.at${aggs.length ? ", " + aggs.join(", ") : ""}
        FROM m LEFT JOIN events e ON e.workspace_id = ${ws} AND e.profile_id = m.profile_id AND e.ts < m.at ${lower} ${eventScope}
       GROUP BY m.profile_id, m.at),
    x AS (SELECT a.profile_id, a.at, jsonb_strip_nulls(${jsonPairs}) AS v FROM a LEFT JOIN profiles pr ON pr.id = a.profile_id AND pr.workspace_id = ${ws})
    SELECT x.profile_id::text, x.at, jsonb_strip_nulls(x.v${ratioSql}) AS features FROM x`;
  return { sql, values: (idList, atList) => [p.values[0], idList, atList.map((d) => d.toISOString()), ...p.values.slice(3)] };
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
