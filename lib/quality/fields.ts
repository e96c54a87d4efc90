import { pool } from "../db/pool";
import { sendAnomalyAlert } from "./alerts";

const HOUR = 3_600_000;
/** An event is judged once its properties have been profiled for a day. */
const MIN_HOURS = 24;
/** Null shares are judged on hours with at least this many of the event. */
const MIN_EVENTS = 20;

export type FieldFinding = { kind: "schema" | "nulls"; subject: string; direction: "new property" | "new type" | "nulls"; observed: number; expected: number; detail: string };

/**
 * Profiles one hour of track events' properties against what each event usually sends, finds
 * schema drift (a property never seen before on an event profiled for a day, or a new JSON type)
 * and properties suddenly missing or null (usually under 5%, now at least half), then folds the hour
 * into the profiles. Findings open anomalies (schema ones stay open until someone dismisses them).
 */
export async function checkFields(workspaceId: string, hour: Date, appUrl: string): Promise<FieldFinding[]> {
  const end = new Date(hour.getTime() + HOUR);
  const { rows: seen } = await pool().query<{ event: string; field: string; type: string; n: string }>(
    `SELECT e.event, p.key AS field, jsonb_typeof(p.value) AS type, count(*)::text AS n
       FROM events e CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(e.properties) = 'object' THEN e.properties ELSE '{}'::jsonb END) p
      WHERE e.workspace_id = $1 AND e.type = 'track' AND e.ts >= $2 AND e.ts < $3 GROUP BY 1, 2, 3`,
    [workspaceId, hour, end],
  );
  const { rows: totals } = await pool().query<{ event: string; n: string }>("SELECT event, count(*)::text AS n FROM events WHERE workspace_id = $1 AND type = 'track' AND ts >= $2 AND ts < $3 GROUP BY 1", [workspaceId, hour, end]);
  if (totals.length === 0) return [];
  const { rows: profiles } = await pool().query<{ event: string; field: string; types: string[]; null_share: number | null; hours: number }>(
    "SELECT event, field, types, null_share, hours FROM event_field_profiles WHERE workspace_id = $1 AND event = ANY($2::text[])",
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
  for (const x of findings) {
    const { rows } = await pool().query<{ id: string; inserted: boolean }>(
      `INSERT INTO anomalies (workspace_id, kind, subject, direction, first_hour, last_hour, observed, expected, score) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 0)
       ON CONFLICT (workspace_id, kind, subject) WHERE status = 'open' DO UPDATE SET last_hour = excluded.last_hour, observed = excluded.observed
       RETURNING id::text, (xmax = 0) AS inserted`,
      [workspaceId, x.kind, x.subject, x.direction, hour, x.observed, x.expected],
    );
    if (rows[0]?.inserted) await sendAnomalyAlert(workspaceId, { id: rows[0].id, kind: x.kind, subject: x.subject, title: x.detail, direction: x.direction, hour, observed: x.observed, expected: x.expected }, appUrl);
  }
  // Null-share anomalies close once the property is back.
  const nullSubjects = new Set(findings.filter((x) => x.kind === "nulls").map((x) => x.subject));
  await pool().query("UPDATE anomalies SET status = 'resolved', closed_at = now(), closed_by = 'back to normal' WHERE workspace_id = $1 AND kind = 'nulls' AND status = 'open' AND last_hour < $2 AND NOT (subject = ANY($3::text[]))", [workspaceId, hour, [...nullSubjects]]);
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
  return findings;
}
