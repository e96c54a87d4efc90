import { csvCell } from "../csv";
import { cancellableQuery } from "../db/cancellable";
import { AppError } from "../errors";
import { Params, pathOf } from "../segments/sql";
import { MAX_BUCKETS, type DateRange, type SegmentSizesInsight, type TopInsight } from "./schema";
import { bucketSql, rangeSql } from "./sql";
import { QUERY_TIMEOUT_MS, workspaceTimezone, type TrendsResult } from "./trends";

const TOO_LONG = "Narrow the question: a shorter date range or fewer segments.";

/** The workspace's timezone and the range's bounds as SQL, on a fresh parameter list. */
async function rangeIn(workspaceId: string, range: DateRange) {
  const timezone = await workspaceTimezone(workspaceId);
  const p = new Params();
  const tz = p.add(timezone);
  return { timezone, p, tz, ...rangeSql(range, tz, p) };
}

/**
 * Segment sizes over time, as trend lines: each segment's member count at the end of every bucket
 * of the range (the running sum of its entries and exits from the change log), in the workspace's
 * timezone. Before a segment existed its size is 0.
 */
export async function runSegmentSizes(opts: { workspaceId: string; insight: SegmentSizesInsight; signal?: AbortSignal }): Promise<TrendsResult> {
  const started = Date.now();
  const { insight } = opts;
  const { timezone, p, tz, from, to } = await rangeIn(opts.workspaceId, insight.range);
  const step = p.add(`1 ${insight.interval}`, "::interval");
  const ws = p.add(opts.workspaceId);
  const ids = p.add(insight.segmentIds, "::text[]");
  const sql = `
    WITH b AS (SELECT g AS bucket, ${from} AS f, ${to} AS t FROM generate_series(${bucketSql(insight.interval, from, tz)}, ${bucketSql(insight.interval, `(${to} - interval '1 millisecond')`, tz)}, ${step}) g),
    s AS (SELECT id, name FROM segments WHERE workspace_id = ${ws} AND id = ANY(${ids})),
    ch AS (
      SELECT c.segment_id, ${bucketSql(insight.interval, "c.at", tz)} AS bucket, sum(CASE WHEN c.entered THEN 1 ELSE -1 END) AS net
        FROM segment_changes c JOIN s ON s.id = c.segment_id WHERE c.workspace_id = ${ws} GROUP BY 1, 2),
    cum AS (SELECT segment_id, bucket, sum(net) OVER (PARTITION BY segment_id ORDER BY bucket) AS size FROM ch)
    SELECT s.id, s.name, to_char(b.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS bucket, b.f, b.t,
           coalesce((SELECT cum.size FROM cum WHERE cum.segment_id = s.id AND cum.bucket <= b.bucket ORDER BY cum.bucket DESC LIMIT 1), 0)::float8 AS size
      FROM s CROSS JOIN b ORDER BY s.name, b.bucket`;
  const rows = await cancellableQuery<{ id: string; name: string; bucket: string; f: Date; t: Date; size: number }>(sql, p.values, { signal: opts.signal, timeoutMs: QUERY_TIMEOUT_MS, tooLong: TOO_LONG });
  const found = new Set(rows.map((r) => r.id));
  const missing = insight.segmentIds.filter((id) => !found.has(id));
  if (missing.length && rows.length === 0) throw new AppError("not_found", "None of those segments exists in this workspace.");
  const buckets = [...new Set(rows.map((r) => r.bucket))];
  if (buckets.length > MAX_BUCKETS) throw new AppError("invalid_input", `That is ${buckets.length.toLocaleString("en-US")} ${insight.interval}s: choose a longer interval or a shorter range.`);
  const lines = insight.segmentIds.filter((id) => found.has(id)).map((id, i) => {
    const mine = rows.filter((r) => r.id === id);
    const values = mine.map((r) => r.size);
    return { key: id, label: mine[0]!.name, series: i, breakdown: null, values, total: values[values.length - 1] ?? 0 };
  });
  return { buckets, lines, from: rows[0]?.f.toISOString() ?? "", to: rows[0]?.t.toISOString() ?? "", timezone, ms: Date.now() - started };
}

export type TopRow = { value: string | null; count: number; people: number };
export type TopResult = { of: TopInsight["of"]; rows: TopRow[]; total: number; ms: number };

/**
 * The most frequent events of the range, the properties an event carries (on how many of its
 * events), or the values one property takes — each with the events and the distinct people.
 */
export async function runTop(opts: { workspaceId: string; insight: TopInsight; signal?: AbortSignal }): Promise<TopResult> {
  const started = Date.now();
  const { insight } = opts;
  const { p, from, to } = await rangeIn(opts.workspaceId, insight.range);
  const where = [`e.workspace_id = ${p.add(opts.workspaceId)}`, `e.ts >= ${from}`, `e.ts < ${to}`, "e.type = 'track'"];
  if (insight.of !== "events") where.push(`e.event = ${p.add(insight.event)}`);
  if (insight.segmentId) where.push(`EXISTS (SELECT 1 FROM segment_members f WHERE f.segment_id = ${p.add(insight.segmentId)} AND f.profile_id = e.profile_id)`);
  const value =
    insight.of === "events" ? "e.event"
    : insight.of === "properties" ? "k.key"
    : `(e.properties #>> ${p.add(pathOf(insight.property), "::text[]")})`;
  const join = insight.of === "properties" ? "CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(e.properties) = 'object' THEN e.properties ELSE '{}'::jsonb END) AS k(key)" : "";
  const limit = p.add(insight.limit, "::int");
  const sql = `
    WITH x AS (SELECT ${value} AS v, e.profile_id FROM events e ${join} WHERE ${where.join(" AND ")})
    SELECT v AS value, count(*)::float8 AS count, count(DISTINCT profile_id)::float8 AS people, sum(count(*)) OVER ()::float8 AS total
      FROM x GROUP BY v ORDER BY count(*) DESC, v NULLS LAST LIMIT ${limit}`;
  const rows = await cancellableQuery<{ value: string | null; count: number; people: number; total: number }>(sql, p.values, { signal: opts.signal, timeoutMs: QUERY_TIMEOUT_MS, workMem: "64MB", tooLong: "Narrow the question: a shorter date range, or a segment." });
  return { of: insight.of, rows: rows.map((r) => ({ value: r.value, count: r.count, people: r.people })), total: rows[0]?.total ?? 0, ms: Date.now() - started };
}

export function topCsv(r: TopResult): string {
  const head = [r.of === "events" ? "event" : r.of === "properties" ? "property" : "value", "events", "people"].map(csvCell).join(",");
  return [head, ...r.rows.map((x) => [x.value ?? "(none)", x.count, x.people].map(csvCell).join(","))].join("\n") + "\n";
}
