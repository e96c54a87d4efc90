import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { TtlCache } from "../db/ttl-cache";
import { AppError } from "../errors";
import type { IncomingMessage } from "../ingest/message";
import { eventNames, eventProperties } from "../segments/vocabulary";
import { normalizePlan, planSchema, savePlanSchema, type TrackingPlan, type ViolationAction } from "./plan-schema";
import { assertSourceInWorkspace as owned } from "../sources/owned";

export type Violation = { event: string; path: string; kind: string; message: string };
export type SourcePlan = { sourceId: string; plan: TrackingPlan; onUnplanned: ViolationAction; onInvalid: ViolationAction; version: number; updatedBy: string; updatedAt: string };

export type CompiledPlan = { plan: SourcePlan; events: Map<string, ValidateFunction>; traits: ValidateFunction | null };
type Compiled = CompiledPlan;

const ajv = new Ajv({ allErrors: true, strict: false });

function compileOrExplain(schema: unknown, where: string): ValidateFunction {
  try {
    return ajv.compile(schema as object);
  } catch (e) {
    throw new AppError("invalid_input", `The JSON Schema of ${where} is not valid: ${(e as Error).message}`);
  }
}

/** The plan's schemas compiled into validators (once per plan version). */
export function compilePlan(plan: SourcePlan): Compiled {
  const events = new Map<string, ValidateFunction>();
  for (const e of plan.plan.events) events.set(e.name, compileOrExplain(e.properties, `“${e.name}”`));
  return { plan, events, traits: plan.plan.identify ? compileOrExplain(plan.plan.identify.traits, "identify traits") : null };
}

/** Parses, converts and checks a plan (every schema must compile), naming what to fix. */
export function parsePlan(input: unknown): TrackingPlan {
  const parsed = planSchema.safeParse(normalizePlan(input));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("invalid_input", `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
  }
  const names = new Set<string>();
  for (const e of parsed.data.events) {
    if (names.has(e.name)) throw new AppError("invalid_input", `“${e.name}” is planned twice: keep one entry per event.`);
    names.add(e.name);
  }
  compilePlan({ sourceId: "", plan: parsed.data, onUnplanned: "allow", onInvalid: "allow", version: 0, updatedBy: "", updatedAt: "" });
  return parsed.data;
}

const compiled = new TtlCache<Compiled | null>(5_000);

type Row = { source_id: string; plan: TrackingPlan; on_unplanned: ViolationAction; on_invalid: ViolationAction; version: number; updated_by: string; updated_at: Date };
const view = (r: Row): SourcePlan => ({ sourceId: r.source_id, plan: r.plan, onUnplanned: r.on_unplanned, onInvalid: r.on_invalid, version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() });


export async function getPlan(opts: { workspaceId: string; sourceId: string }): Promise<SourcePlan | null> {
  await owned(opts.workspaceId, opts.sourceId);
  const { rows } = await pool().query<Row>("SELECT * FROM tracking_plans WHERE source_id = $1 AND workspace_id = $2", [opts.sourceId, opts.workspaceId]);
  return rows[0] ? view(rows[0]) : null;
}

/** Saves (or imports) a source's plan and its actions; takes effect for the next message. */
export async function savePlan(opts: { workspaceId: string; actor: Actor; sourceId: string; input: unknown }): Promise<SourcePlan> {
  await owned(opts.workspaceId, opts.sourceId);
  const input = savePlanSchema.safeParse(opts.input);
  if (!input.success) throw new AppError("invalid_input", input.error.issues[0]!.message);
  const plan = parsePlan(input.data.plan);
  const { rows } = await pool().query<Row>(
    `INSERT INTO tracking_plans (source_id, workspace_id, plan, on_unplanned, on_invalid, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (source_id) DO UPDATE SET plan = excluded.plan, on_unplanned = excluded.on_unplanned, on_invalid = excluded.on_invalid,
       version = tracking_plans.version + 1, updated_by = excluded.updated_by, updated_at = now()
     RETURNING *`,
    [opts.sourceId, opts.workspaceId, JSON.stringify(plan), input.data.onUnplanned, input.data.onInvalid, opts.actor.label],
  );
  compiled.delete(opts.sourceId);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "tracking_plan.saved", target: { type: "source", id: opts.sourceId }, summary: { events: plan.events.length, identify: !!plan.identify, onUnplanned: input.data.onUnplanned, onInvalid: input.data.onInvalid, version: rows[0]!.version } });
  return view(rows[0]!);
}

export async function deletePlan(opts: { workspaceId: string; actor: Actor; sourceId: string }): Promise<void> {
  await owned(opts.workspaceId, opts.sourceId);
  await pool().query("DELETE FROM tracking_plans WHERE source_id = $1", [opts.sourceId]);
  compiled.delete(opts.sourceId);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "tracking_plan.deleted", target: { type: "source", id: opts.sourceId } });
}

/** A plan written from what the workspace's events look like: each event with its properties' observed types. */
export async function generatePlan(opts: { workspaceId: string }): Promise<TrackingPlan> {
  const names = await eventNames({ workspaceId: opts.workspaceId });
  const events = [];
  for (const name of names.slice(0, 200)) {
    const props = await eventProperties({ workspaceId: opts.workspaceId, event: name });
    const properties: Record<string, unknown> = {};
    for (const p of props) properties[p.name] = p.type === "number" ? { type: "number" } : p.type === "boolean" ? { type: "boolean" } : p.type === "list" ? { type: "array" } : p.type === "date" ? { type: "string", format: "date-time" } : { type: "string" };
    events.push({ name, description: "", properties: { type: "object", properties } });
  }
  return { events, identify: null };
}

function describe(e: ErrorObject): { path: string; kind: string; message: string } {
  const base = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (e.keyword === "required") {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    const path = base ? `${base}.${missing}` : missing;
    return { path, kind: "required", message: `${path} is required` };
  }
  if (e.keyword === "additionalProperties") {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    const path = base ? `${base}.${extra}` : extra;
    return { path, kind: "unplanned property", message: `${path} is not in the plan` };
  }
  return { path: base || "(properties)", kind: e.keyword, message: `${base || "properties"} ${e.message ?? "is invalid"}` };
}

async function planFor(sourceId: string): Promise<Compiled | null> {
  return compiled.get(sourceId, async () => {
    const { rows } = await pool().query<Row>("SELECT * FROM tracking_plans WHERE source_id = $1", [sourceId]);
    return rows[0] ? compilePlan(view(rows[0])) : null;
  });
}

/** What breaks the plan in one message: an unplanned event, or properties / traits against their schema. */
export function checkMessage(c: Compiled, m: IncomingMessage): Violation[] {
  if (m.type === "track" && m.event) {
    const validate = c.events.get(m.event);
    if (!validate) return [{ event: m.event, path: "", kind: "unplanned event", message: `${m.event} is not in the tracking plan` }];
    if (validate(m.properties ?? {})) return [];
    return (validate.errors ?? []).map((e) => ({ event: m.event!, ...describe(e) }));
  }
  if (m.type === "identify" && c.traits) {
    if (c.traits(m.traits ?? {})) return [];
    return (c.traits.errors ?? []).map((e) => ({ event: "identify", ...describe(e) }));
  }
  return [];
}

const RANK: Record<ViolationAction, number> = { allow: 0, flag: 1, quarantine: 2, drop: 3 };

/**
 * Applies the source's plan to parsed messages: each violating message is allowed, allowed and
 * flagged (its context gets `violations`), quarantined (its original payload held with the reasons)
 * or dropped, by the strictest action its violations call for. Violations are counted per day,
 * event and property, with the latest example.
 */
export async function applyPlan<T extends IncomingMessage>(opts: { workspaceId: string; sourceId: string; messages: T[]; originals: unknown[] }): Promise<{ keep: T[]; held: { payload: unknown; reason: string }[]; dropped: number }> {
  const c = await planFor(opts.sourceId);
  if (!c) return { keep: opts.messages, held: [], dropped: 0 };
  const keep: T[] = [];
  const held: { payload: unknown; reason: string }[] = [];
  let dropped = 0;
  const counts = new Map<string, { event: string; path: string; kind: string; action: ViolationAction; count: number; message: string; example: unknown }>();
  opts.messages.forEach((m, i) => {
    const violations = checkMessage(c, m);
    if (violations.length === 0) return keep.push(m);
    const action = violations.reduce<ViolationAction>((a, v) => {
      const next = v.kind === "unplanned event" ? c.plan.onUnplanned : c.plan.onInvalid;
      return RANK[next] > RANK[a] ? next : a;
    }, "allow");
    for (const v of violations) {
      const key = `${v.event}\u0000${v.path}\u0000${v.kind}`;
      const entry = counts.get(key) ?? { ...v, action, count: 0, example: null };
      entry.count++;
      entry.example = m.type === "identify" ? { traits: m.traits } : { properties: m.properties };
      counts.set(key, entry);
    }
    if (action === "allow") keep.push(m);
    else if (action === "flag") {
      m.context = { ...(m.context ?? {}), violations: violations.map((v) => ({ path: v.path, kind: v.kind, message: v.message })) };
      keep.push(m);
    } else if (action === "quarantine") held.push({ payload: opts.originals[i], reason: `Tracking plan: ${violations.map((v) => v.message).slice(0, 5).join("; ")}` });
    else dropped++;
  });
  if (counts.size) {
    const list = [...counts.values()];
    await pool().query(
      `INSERT INTO plan_violations (source_id, workspace_id, day, event, path, kind, action, count, message, example)
       SELECT $1, $2, current_date, x.event, x.path, x.kind, x.action, x.count, x.message, x.example FROM jsonb_to_recordset($3::jsonb) AS x(event text, path text, kind text, action text, count int, message text, example jsonb)
       ON CONFLICT (source_id, day, event, path, kind) DO UPDATE SET count = plan_violations.count + excluded.count, action = excluded.action, message = excluded.message, example = excluded.example, last_at = now()`,
      [opts.sourceId, opts.workspaceId, JSON.stringify(list)],
    );
  }
  return { keep, held, dropped };
}

export type ViolationSummary = { sourceId: string; sourceName: string; event: string; path: string; kind: string; action: ViolationAction; count: number; message: string; example: unknown; lastAt: string };

/** Violations of the last `days` days, most frequent first, with the latest example. */
export async function listViolations(opts: { workspaceId: string; sourceId?: string; days?: number }): Promise<ViolationSummary[]> {
  const { rows } = await pool().query<{ source_id: string; source_name: string; event: string; path: string; kind: string; action: ViolationAction; count: string; message: string; example: unknown; last_at: Date }>(
    `SELECT v.source_id, s.name AS source_name, v.event, v.path, v.kind, (array_agg(v.action ORDER BY v.last_at DESC))[1] AS action, sum(v.count)::text AS count,
            (array_agg(v.message ORDER BY v.last_at DESC))[1] AS message, (array_agg(v.example ORDER BY v.last_at DESC))[1] AS example, max(v.last_at) AS last_at
       FROM plan_violations v JOIN sources s ON s.id = v.source_id
      WHERE v.workspace_id = $1 AND v.day > current_date - $2::int ${opts.sourceId ? "AND v.source_id = $3" : ""}
      GROUP BY 1, 2, 3, 4, 5 ORDER BY sum(v.count) DESC LIMIT 200`,
    opts.sourceId ? [opts.workspaceId, opts.days ?? 7, opts.sourceId] : [opts.workspaceId, opts.days ?? 7],
  );
  return rows.map((r) => ({ sourceId: r.source_id, sourceName: r.source_name, event: r.event, path: r.path, kind: r.kind, action: r.action, count: Number(r.count), message: r.message, example: r.example, lastAt: r.last_at.toISOString() }));
}
