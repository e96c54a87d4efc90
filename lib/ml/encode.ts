/**
 * Turns profiles' raw feature values (numbers, numeric text, booleans, categories, missing) into the
 * numeric columns models train on, and remembers how, so scoring later encodes the same way. A
 * feature is numeric when nearly all its values read as numbers (booleans as 0/1); otherwise it is a
 * category, one-hot encoded over its most frequent values (the rest fall into none of them).
 */
export type ColumnSpec =
  | { name: string; kind: "number"; mean: number; std: number; missing: boolean }
  | { name: string; kind: "category"; values: string[] };
export type EncoderSpec = { columns: ColumnSpec[] };
export type Raw = Record<string, unknown>;

const MAX_CATEGORIES = 20;

/** The number a raw value stands for, or NaN (missing or not a number). */
export function toNumber(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? v : NaN;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const t = v.trim();
    if (/^(true|yes)$/i.test(t)) return 1;
    if (/^(false|no)$/i.test(t)) return 0;
    if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return NaN;
    return Number(t);
  }
  return NaN;
}

const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

export function buildEncoder(rows: Raw[], names: string[]): EncoderSpec {
  const columns: ColumnSpec[] = [];
  for (const name of names) {
    let present = 0;
    let numeric = 0;
    const counts = new Map<string, number>();
    let sum = 0;
    let sq = 0;
    let missing = false;
    for (const r of rows) {
      const v = r[name];
      if (isMissing(v)) {
        missing = true;
        continue;
      }
      present++;
      const x = toNumber(v);
      if (!Number.isNaN(x)) {
        numeric++;
        sum += x;
        sq += x * x;
      } else missing = true;
      const key = String(v);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (present === 0) continue;
    if (numeric >= 0.95 * present && counts.size > 2) {
      const mean = sum / numeric;
      const std = Math.sqrt(Math.max(sq / numeric - mean * mean, 0)) || 1;
      columns.push({ name, kind: "number", mean, std, missing });
    } else {
      const values = [...counts.entries()].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES).map(([v]) => v);
      // Two values (yes / no) need one column; more need one each.
      columns.push({ name, kind: "category", values: values.length === 2 ? values.slice(0, 1) : values });
    }
  }
  return { columns };
}

/** Column names as people read them: `tenure`, `Contract = Month-to-month`. */
export function columnNames(spec: EncoderSpec, forLinear: boolean): { names: string[]; source: string[] } {
  const names: string[] = [];
  const source: string[] = [];
  for (const c of spec.columns) {
    if (c.kind === "number") {
      names.push(c.name);
      source.push(c.name);
      if (forLinear && c.missing) {
        names.push(`${c.name} is missing`);
        source.push(c.name);
      }
    } else
      for (const v of c.values) {
        names.push(`${c.name} = ${v}`);
        source.push(c.name);
      }
  }
  return { names, source };
}

/** Column-major, raw numbers with NaN for missing (for trees). */
export function encodeColumns(spec: EncoderSpec, rows: Raw[]): Float64Array[] {
  const cols: Float64Array[] = [];
  for (const c of spec.columns) {
    if (c.kind === "number") cols.push(Float64Array.from(rows, (r) => toNumber(r[c.name])));
    else for (const v of c.values) cols.push(Float64Array.from(rows, (r) => (isMissing(r[c.name]) ? NaN : String(r[c.name]) === v ? 1 : 0)));
  }
  return cols;
}

/** Row-major, standardised numbers with missing ones at the mean plus a missing flag (for linear models). */
export function encodeRows(spec: EncoderSpec, rows: Raw[]): { X: Float64Array; p: number } {
  const p = columnNames(spec, true).names.length;
  const X = new Float64Array(rows.length * p);
  rows.forEach((r, i) => {
    let j = i * p;
    for (const c of spec.columns) {
      const v = r[c.name];
      if (c.kind === "number") {
        const x = toNumber(v);
        X[j++] = Number.isNaN(x) ? 0 : (x - c.mean) / c.std;
        if (c.missing) X[j++] = Number.isNaN(x) ? 1 : 0;
      } else {
        const s = isMissing(v) ? null : String(v);
        for (const val of c.values) X[j++] = s === val ? 1 : 0;
      }
    }
  });
  return { X, p };
}
