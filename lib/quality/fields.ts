import { pool } from "../db/pool";
import { closeAnomalies, openAnomaly } from "./open";

const HOUR = 3_600_000;
/** An event is judged once its properties have been profiled for a day. */
const MIN_HOURS = 24;
/** Null shares are judged on hours with at least this many of the event. */
const MIN_EVENTS = 20;
/** A string property with more distinct values than this is not watched for new values (ids, names, URLs). */
const VALUE_CAP = 50;
/** An hour in which at least this share of a watched property's values were never seen before is reported. */
const NEW_VALUE_SHARE = 0.3;

export type FieldFinding = { kind: "schema" | "nulls" | "values"; subject: string; direction: "new property" | "new type" | "nulls" | "new values"; observed: number; expected: number; detail: string };

/**
 * Profiles one hour of track events' properties against what each event usually sends, finds
 * schema drift (a property never seen before on an event profiled for a day, or a new JSON type)
 * properties suddenly missing or null (usually under 5%, now at least half), and properties with few
 * values (a currency, a plan) suddenly taking values never seen before (at least 30% of the hour's),
 * then folds the hour into the profiles. Findings open anomalies (schema and new-value ones stay open
 * until someone dismisses them: a person decides whether the change is right).
 */
export async function checkFields(workspaceId: string, hour: Date, appUrl: string): Promise<FieldFinding[]> {
  const end = new Date(hour.getTime() + HOUR);
  const { seen, values } = await hourFields(workspaceId, hour, end);
  const { rows: totals } = await pool().query<{ event: string; n: string }>("SELECT event, count(*)::text AS n FROM events WHERE workspace_id = $1 AND type = 'track' AND ts >= $2 AND ts < $3 GROUP BY 1", [workspaceId, hour, end]);
  if (totals.length === 0) return [];
  const { rows: profiles } = await pool().query<{ event: string; field: string; types: string[]; null_share: number | null; hours: number; known_values: string[] | null; many_values: boolean; value_hours: number }>(
    "SELECT event, field, types, null_share, hours, known_values, many_values, value_hours FROM event_field_profiles WHERE workspace_id = $1 AND event = ANY($2::text[])",
    [workspaceId, totals.map((t) => t.event)],
  );
  const profile = new Map(profiles.map((p) => [`${p.event}\u0000${p.field}`, p]));
  const eventAge = new Map<string, number>();
  for (const p of profiles) eventAge.set(p.event, Math.max(eventAge.get(p.event) ?? 0, p.hours));
  const byField = new Map<string, { event: string; field: string; types: Set<string>; present: number }>();
  for (const s of seen) {
    const k = `${s.event}\u0000${s.field}`;
    const f = byField.get(k) ?? { event: s.event, field: s.field, types: new Set<string>(), present: 0 };
    if (s.type !== "null") {
      f.types.add(s.type);
      f.present += Number(s.n);
    }
    byField.set(k, f);
  }
  const findings: FieldFinding[] = [];
  const total = new Map(totals.map((t) => [t.event, Number(t.n)]));
  for (const f of byField.values()) {
    const p = profile.get(`${f.event}\u0000${f.field}`);
    const mature = (eventAge.get(f.event) ?? 0) >= MIN_HOURS;
    if (!mature) continue;
    if (!p) findings.push({ kind: "schema", subject: `${f.event}.${f.field}`, direction: "new property", observed: f.present, expected: 0, detail: `${f.field} appeared on ${f.event} (${[...f.types].join(", ") || "null"})` });
    else {
      const added = [...f.types].filter((t) => !p.types.includes(t));
      if (added.length && p.types.length) findings.push({ kind: "schema", subject: `${f.event}.${f.field}`, direction: "new type", observed: f.present, expected: 0, detail: `${f.event}.${f.field} came as ${added.join(", ")}, before always ${p.types.join(", ")}` });
    }
  }
  // Null share: a usually filled property is missing or null in at least half of the hour's events.
  for (const p of profiles) {
    const n = total.get(p.event) ?? 0;
    if (n < MIN_EVENTS || p.hours < MIN_HOURS || p.null_share === null || p.null_share >= 0.05) continue;
    const present = byField.get(`${p.event}\u0000${p.field}`)?.present ?? 0;
    const share = 1 - present / n;
    if (share >= 0.5) findings.push({ kind: "nulls", subject: `${p.event}.${p.field}`, direction: "nulls", observed: Math.round(share * 1000) / 10, expected: Math.round(p.null_share * 1000) / 10, detail: `${p.field} is missing or null in ${Math.round(share * 100)}% of ${p.event} (usually ${Math.round(p.null_share * 100)}%)` });
  }
  const learned: { event: string; field: string; known: string[] | null; many: boolean }[] = [];
  for (const [k, v] of values) {
    const p = profile.get(k);
    if (p?.many_values) continue;
    const [event, field] = k.split("\u0000") as [string, string];
    if (p?.known_values && p.value_hours >= MIN_HOURS && v.total >= MIN_EVENTS) {
      const known = new Set(p.known_values);
      const fresh = [...v.counts].filter(([value]) => !known.has(value));
      const share = fresh.reduce((n, [, c]) => n + c, 0) / v.total;
      if (share >= NEW_VALUE_SHARE) {
        const examples = fresh.sort((x, y) => y[1] - x[1]).slice(0, 3).map(([value]) => JSON.stringify(value)).join(", ");
        findings.push({ kind: "values", subject: `${event}.${field}`, direction: "new values", observed: Math.round(share * 1000) / 10, expected: 0, detail: `${Math.round(share * 100)}% of ${event}.${field} came with values never seen before (${examples}${fresh.length > 3 ? ", …" : ""})` });
      }
    }
    const union = new Set([...(p?.known_values ?? []), ...v.counts.keys()]);
    learned.push(v.distinct > VALUE_CAP || union.size > VALUE_CAP ? { event, field, known: null, many: true } : { event, field, known: [...union].sort(), many: false });
  }
  for (const x of findings) await openAnomaly(workspaceId, { kind: x.kind, subject: x.subject, direction: x.direction, hour, observed: x.observed, expected: x.expected, title: x.detail }, appUrl);
  // Null-share anomalies close once the property is back.
  await closeAnomalies(workspaceId, "nulls", hour, { keep: findings.filter((x) => x.kind === "nulls").map((x) => x.subject) });
  // Fold the hour into the profiles: types seen, and the null share as a moving average (hours with enough events only).
  const rowsToSave: { event: string; field: string; types: string[]; share: number | null }[] = [];
  for (const f of byField.values()) rowsToSave.push({ event: f.event, field: f.field, types: [...f.types], share: (total.get(f.event) ?? 0) >= MIN_EVENTS ? 1 - f.present / total.get(f.event)! : null });
  for (const p of profiles) if (!byField.has(`${p.event}\u0000${p.field}`)) rowsToSave.push({ event: p.event, field: p.field, types: [], share: (total.get(p.event) ?? 0) >= MIN_EVENTS ? 1 : null });
  if (rowsToSave.length) {
    await pool().query(
      `INSERT INTO event_field_profiles AS f (workspace_id, event, field, types, first_seen, last_seen, null_share, hours)
       SELECT $1, x.event, x.field, x.types, $2, $2, x.share, 1 FROM jsonb_to_recordset($3::jsonb) AS x(event text, field text, types text[], share double precision)
       ON CONFLICT (workspace_id, event, field) DO UPDATE SET
         types = coalesce((SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(f.types || excluded.types) t), '{}'),
         last_seen = CASE WHEN cardinality(excluded.types) > 0 THEN greatest(f.last_seen, excluded.last_seen) ELSE f.last_seen END,
         null_share = CASE WHEN excluded.null_share IS NULL THEN f.null_share WHEN f.null_share IS NULL THEN excluded.null_share ELSE 0.8 * f.null_share + 0.2 * excluded.null_share END,
         hours = f.hours + 1`,
      [workspaceId, hour, JSON.stringify(rowsToSave)],
    );
  }
  if (learned.length) {
    await pool().query(
      `UPDATE event_field_profiles f SET known_values = x.known, many_values = x.many, value_hours = f.value_hours + 1
         FROM jsonb_to_recordset($2::jsonb) AS x(event text, field text, known text[], many boolean)
        WHERE f.workspace_id = $1 AND f.event = x.event AND f.field = x.field`,
      [workspaceId, JSON.stringify(learned)],
    );
  }
  return findings;
}

type HourValues = Map<string, { total: number; distinct: number; counts: Map<string, number> }>;

/**
 * One pass over the hour's track events' properties: how many times each property came with each
 * JSON type, and for string properties the most frequent 60 values (with how many distinct there
 * were and the total).
 */
async function hourFields(workspaceId: string, hour: Date, end: Date): Promise<{ seen: { event: string; field: string; type: string; n: string }[]; values: HourValues }> {
  const { rows } = await pool().query<{ part: "type" | "value"; event: string; field: string; type: string; value: string | null; n: string; distinct_n: string | null; total: string | null }>(
    `WITH v AS MATERIALIZED (
       SELECT e.event, p.key AS field, jsonb_typeof(p.value) AS type, CASE WHEN jsonb_typeof(p.value) = 'string' THEN left(p.value #>> '{}', 200) END AS value, count(*) AS n
         FROM events e CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(e.properties) = 'object' THEN e.properties ELSE '{}'::jsonb END) p
        WHERE e.workspace_id = $1 AND e.type = 'track' AND e.ts >= $2 AND e.ts < $3 GROUP BY 1, 2, 3, 4),
     r AS (SELECT v.*, count(*) OVER w AS distinct_n, sum(n) OVER w AS total, row_number() OVER (PARTITION BY event, field ORDER BY n DESC, value) AS rank
             FROM v WHERE type = 'string' WINDOW w AS (PARTITION BY event, field))
     SELECT 'type' AS part, event, field, type, NULL AS value, sum(n)::text AS n, NULL AS distinct_n, NULL AS total FROM v GROUP BY event, field, type
     UNION ALL
     SELECT 'value', event, field, type, value, n::text, distinct_n::text, total::text FROM r WHERE rank <= ${VALUE_CAP + 10}`,
    [workspaceId, hour, end],
  );
  const seen: { event: string; field: string; type: string; n: string }[] = [];
  const values: HourValues = new Map();
  for (const r of rows) {
    if (r.part === "type") {
      seen.push({ event: r.event, field: r.field, type: r.type, n: r.n });
      continue;
    }
    const k = `${r.event}\u0000${r.field}`;
    const x = values.get(k) ?? { total: Number(r.total), distinct: Number(r.distinct_n), counts: new Map<string, number>() };
    x.counts.set(r.value!, Number(r.n));
    values.set(k, x);
  }
  return { seen, values };
}
