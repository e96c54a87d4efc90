import type { Duration, PropertyFilter, Window } from "./schema";

/** Collects query parameters and hands out their placeholders; equal keys share one placeholder. */
export class Params {
  readonly values: unknown[] = [];
  private readonly casts: string[] = [];
  private readonly named = new Map<string, string>();

  add(value: unknown, cast = ""): string {
    this.values.push(value);
    this.casts.push(cast || "::text");
    return `$${this.values.length}${cast}`;
  }

  /** A placeholder whose value is given later, once known (`fill`). */
  slot(cast: string): { placeholder: string; fill: (value: unknown) => void } {
    const placeholder = this.add(null, cast);
    const index = this.values.length - 1;
    return { placeholder, fill: (value) => (this.values[index] = value) };
  }

  /**
   * A CTE that names every parameter with its type. Not evaluated, but it lets one parameter list
   * serve queries that use only part of it (membership, timers, explanations).
   */
  anchor(): string {
    return this.values.length ? `WITH ns_params AS (SELECT ${this.casts.map((c, i) => `$${i + 1}${c}`).join(", ")})` : "";
  }

  /** One placeholder per name, added on first use (workspace id, now, candidate ids). */
  shared(name: string, value: unknown, cast: string): string {
    let p = this.named.get(name);
    if (!p) this.named.set(name, (p = this.add(value, cast)));
    return p;
  }
}

export function intervalOf(d: Pick<Duration, "amount" | "unit">): string {
  return `${d.amount} ${d.unit}`;
}

export function durationMs(d: Pick<Duration, "amount" | "unit">): number {
  const unit = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 }[d.unit];
  return d.amount * unit;
}

/** `a.b.c` → the text[] path for `#>` / `#>>`. */
export function pathOf(field: string): string[] {
  return field.split(".");
}

const NUMERIC = String.raw`'^\s*-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$'`;
/** A text value as a number, or NULL when it is not one (never an error). */
export function num(text: string): string {
  return `(CASE WHEN ${text} ~ ${NUMERIC} THEN (${text})::numeric END)`;
}
/** A text value as a timestamp, or NULL when it is not one (ns_try_timestamptz, see lib/db/functions.ts). */
export function tsOf(text: string): string {
  return `ns_try_timestamptz(${text})`;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Comparison = Pick<PropertyFilter, "valueType" | "op" | "value" | "to" | "values" | "within">;

/**
 * One comparison of a JSON field (text `t`, jsonb `j`) with the marketer's value, always true or
 * false (never NULL), so that NOT and OR read the way people mean them: "plan is not pro" includes
 * profiles without a plan. Text comparisons ignore case.
 */
export function comparisonSql(c: Comparison, t: string, j: string, p: Params, now: string): string {
  const present = `(${j} IS NOT NULL AND ${j} <> 'null'::jsonb)`;
  if (c.op === "exists") return present;
  if (c.op === "not_exists") return `NOT ${present}`;
  const v = c.value;
  const bool = (e: string) => `coalesce(${e}, false)`;
  switch (c.valueType) {
    case "string": {
      const lower = `lower(${t})`;
      const s = String(v ?? "").toLowerCase();
      if (c.op === "eq") return bool(`${lower} = ${p.add(s)}`);
      if (c.op === "neq") return `coalesce(${lower} <> ${p.add(s)}, true)`;
      if (c.op === "contains") return bool(`${t} ILIKE ${p.add(`%${likeEscape(s)}%`)}`);
      if (c.op === "not_contains") return `coalesce(NOT ${t} ILIKE ${p.add(`%${likeEscape(s)}%`)}, true)`;
      if (c.op === "starts_with") return bool(`${t} ILIKE ${p.add(`${likeEscape(s)}%`)}`);
      const list = p.add((c.values ?? []).map((x) => String(x).toLowerCase()), "::text[]");
      if (c.op === "in") return bool(`${lower} = ANY(${list})`);
      if (c.op === "not_in") return `coalesce(NOT ${lower} = ANY(${list}), true)`;
      break;
    }
    case "number": {
      const n = num(t);
      const ops = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;
      if (c.op in ops) return bool(`${n} ${ops[c.op as keyof typeof ops]} ${p.add(v, "::numeric")}`);
      if (c.op === "neq") return `coalesce(${n} <> ${p.add(v, "::numeric")}, true)`;
      if (c.op === "between") return bool(`${n} BETWEEN ${p.add(v, "::numeric")} AND ${p.add(c.to, "::numeric")}`);
      const list = p.add((c.values ?? []).map(Number), "::numeric[]");
      if (c.op === "in") return bool(`${n} = ANY(${list})`);
      if (c.op === "not_in") return `coalesce(NOT ${n} = ANY(${list}), true)`;
      break;
    }
    case "boolean": {
      const want = p.add(String(v === true || v === "true"));
      if (c.op === "eq") return bool(`lower(${t}) = ${want}`);
      if (c.op === "neq") return `coalesce(lower(${t}) <> ${want}, true)`;
      break;
    }
    case "date": {
      const d = tsOf(t);
      if (c.op === "before") return bool(`${d} < ${p.add(v, "::timestamptz")}`);
      if (c.op === "after") return bool(`${d} > ${p.add(v, "::timestamptz")}`);
      if (c.op === "between") return bool(`${d} >= ${p.add(v, "::timestamptz")} AND ${d} < ${p.add(c.to, "::timestamptz")}`);
      const within = `${d} > ${now} - ${p.add(intervalOf(c.within!), "::interval")} AND ${d} <= ${now}`;
      if (c.op === "within_last") return bool(within);
      if (c.op === "not_within_last") return bool(`${d} IS NOT NULL AND NOT (${within})`);
      break;
    }
    case "list": {
      const has = `(CASE WHEN jsonb_typeof(${j}) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(${j}) x WHERE lower(x) = ${p.add(String(v ?? "").toLowerCase())}) ELSE false END)`;
      if (c.op === "contains") return has;
      if (c.op === "not_contains") return `NOT ${has}`;
      break;
    }
  }
  throw new Error(`Operator ${c.op} does not apply to ${c.valueType}`);
}

/** A property filter on an event row aliased `a`. */
export function filterSql(f: PropertyFilter, alias: string, p: Params, now: string): string {
  const path = p.add(pathOf(f.property), "::text[]");
  return comparisonSql(f, `(${alias}.properties #>> ${path})`, `(${alias}.properties #> ${path})`, p, now);
}

export function windowSql(w: Window, alias: string, p: Params, now: string): string {
  if (w.kind === "ever") return "true";
  if (w.kind === "last") return `${alias}.ts > ${now} - ${p.add(intervalOf(w), "::interval")}`;
  return `${alias}.ts >= ${p.add(w.from, "::timestamptz")} AND ${alias}.ts < ${p.add(w.to, "::timestamptz")}`;
}
