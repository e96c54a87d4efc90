import { randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../audit";
import type { Queryable } from "../bus";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";
import { referencedSegments } from "../segments/compile";
import type { JourneyBreaker, JourneyHold } from "./breaker";
import { endStates } from "./inputs";
import { CONFIG_SCHEMAS, DEFAULT_SETTINGS, type EmailConfig, type Graph, type GoalConfig, type JourneySettings, type JourneyStatus, type SaveJourneyInput, type TriggerConfig, type WaitConfig, type BranchConfig, type SyncConfig } from "./schema";
import { templateError } from "./template";
import { validateGraph, type Issue } from "./validate";

export type JourneySummary = {
  id: string;
  name: string;
  description: string;
  status: JourneyStatus;
  version: number | null;
  draftChanged: boolean;
  trigger: string;
  active: number;
  entered: number;
  converted: number;
  updatedAt: string;
} & JourneyHold;
export type JourneyDetail = JourneySummary & { graph: Graph; settings: JourneySettings; published: { graph: Graph; settings: JourneySettings; publishedAt: string; publishedBy: string } | null; issues: Issue[]; createdAt: string };

type Row = {
  id: string; name: string; description: string; status: JourneyStatus; version: number | null; draft_changed: boolean; draft: { graph: Graph; settings: JourneySettings };
  updated_at: Date; created_at: Date; breaker: JourneyBreaker | null; held_reason: string | null; held_at: Date | null; active: string; entered: string; converted: string; trigger_label: string | null;
};

const SELECT = `SELECT j.*,
  (SELECT count(*) FROM journey_states s WHERE s.journey_id = j.id AND s.status = 'active') AS active,
  (SELECT count(*) FROM journey_states s WHERE s.journey_id = j.id) AS entered,
  (SELECT count(*) FROM journey_states s WHERE s.journey_id = j.id AND s.status = 'converted') AS converted
  FROM journeys j`;

async function triggerLabels(workspaceId: string, rows: Row[]): Promise<Map<string, string>> {
  const { rows: segs } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM segments WHERE workspace_id = $1", [workspaceId]);
  const names = new Map(segs.map((s) => [s.id, s.name]));
  return new Map(
    rows.map((r) => {
      const t = r.draft.graph.nodes.find((n) => n.type === "trigger")?.config as Partial<TriggerConfig> | undefined;
      const label = !t?.kind
        ? "No trigger yet"
        : t.kind === "event"
          ? `Performs ${(t as { event?: string }).event || "an event"}`
          : `${t.kind === "segment_enter" ? "Enters" : "Leaves"} ${names.get((t as { segmentId?: string }).segmentId ?? "") ?? "a segment"}`;
      return [r.id, label];
    }),
  );
}

function toSummary(r: Row, trigger: string): JourneySummary {
  return {
    id: r.id, name: r.name, description: r.description, status: r.status, version: r.version, draftChanged: r.draft_changed, trigger,
    active: Number(r.active), entered: Number(r.entered), converted: Number(r.converted), updatedAt: r.updated_at.toISOString(),
    breaker: r.breaker, heldReason: r.held_reason, heldAt: r.held_at?.toISOString() ?? null,
  };
}

export async function listJourneys(opts: { workspaceId: string }): Promise<JourneySummary[]> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE j.workspace_id = $1 ORDER BY j.status = 'archived', lower(j.name)`, [opts.workspaceId]);
  const labels = await triggerLabels(opts.workspaceId, rows);
  return rows.map((r) => toSummary(r, labels.get(r.id)!));
}

export async function getJourney(opts: { workspaceId: string; journeyId: string }): Promise<JourneyDetail> {
  const { rows } = await pool().query<Row>(`${SELECT} WHERE j.workspace_id = $1 AND j.id = $2`, [opts.workspaceId, opts.journeyId]);
  const r = rows[0];
  if (!r) throw new AppError("not_found", "That journey does not exist in this workspace.");
  const labels = await triggerLabels(opts.workspaceId, rows);
  let published: JourneyDetail["published"] = null;
  if (r.version) {
    const v = await pool().query<{ graph: Graph; settings: JourneySettings; published_at: Date; published_by: string }>("SELECT * FROM journey_versions WHERE journey_id = $1 AND version = $2", [r.id, r.version]);
    const pv = v.rows[0]!;
    published = { graph: pv.graph, settings: pv.settings, publishedAt: pv.published_at.toISOString(), publishedBy: pv.published_by };
  }
  return {
    ...toSummary(r, labels.get(r.id)!),
    graph: r.draft.graph,
    settings: r.draft.settings,
    published,
    issues: await checkJourney(opts.workspaceId, r.draft.graph),
    createdAt: r.created_at.toISOString(),
  };
}

/** The graph's own issues plus what only the workspace can tell: segments and syncs exist, templates parse. */
export async function checkJourney(workspaceId: string, graph: Graph): Promise<Issue[]> {
  const issues = validateGraph(graph);
  const segs = new Set((await pool().query<{ id: string }>("SELECT id FROM segments WHERE workspace_id = $1", [workspaceId])).rows.map((r) => r.id));
  const syncs = new Set((await pool().query<{ id: string }>("SELECT id FROM syncs WHERE workspace_id = $1", [workspaceId])).rows.map((r) => r.id));
  for (const n of graph.nodes) {
    const c = n.config as Record<string, unknown>;
    if (n.type === "trigger" && typeof c.segmentId === "string" && c.segmentId && !segs.has(c.segmentId)) issues.push({ nodeId: n.id, message: "Trigger: that segment no longer exists" });
    if (n.type === "branch" && c.condition) {
      for (const ref of referencedSegments((c as BranchConfig).condition)) if (!segs.has(ref)) issues.push({ nodeId: n.id, message: "Branch: a condition refers to a segment that no longer exists" });
    }
    if (n.type === "sync" && typeof c.syncId === "string" && c.syncId && !syncs.has((c as SyncConfig).syncId)) issues.push({ nodeId: n.id, message: "Destination sync: that sync no longer exists" });
    if (n.type === "email") {
      const e = c as Partial<EmailConfig>;
      for (const [field, src] of [["subject", e.subject], ["body", e.html], ["text", e.text]] as const) {
        const err = typeof src === "string" ? templateError(src) : null;
        if (err) issues.push({ nodeId: n.id, message: `Send email: the ${field} has a template error: ${err}` });
      }
    }
  }
  return issues;
}

export async function createJourney(opts: { workspaceId: string; actor: Actor; input: SaveJourneyInput }): Promise<JourneyDetail> {
  const id = `jrn_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await pool().query("INSERT INTO journeys (id, workspace_id, name, description, draft, created_by) VALUES ($1, $2, $3, $4, $5, $6)", [
    id, opts.workspaceId, opts.input.name, opts.input.description, JSON.stringify({ graph: opts.input.graph, settings: opts.input.settings }), opts.actor.label,
  ]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.created", target: { type: "journey", id }, summary: { name: opts.input.name } });
  return getJourney({ workspaceId: opts.workspaceId, journeyId: id });
}

/** Saves the draft; the published version keeps running until the draft is published. */
export async function saveDraft(opts: { workspaceId: string; actor: Actor; journeyId: string; input: SaveJourneyInput }): Promise<JourneyDetail> {
  const { rowCount } = await pool().query(
    "UPDATE journeys SET name = $3, description = $4, draft = $5, draft_changed = true, updated_at = now() WHERE id = $1 AND workspace_id = $2 AND status <> 'archived'",
    [opts.journeyId, opts.workspaceId, opts.input.name, opts.input.description, JSON.stringify({ graph: opts.input.graph, settings: opts.input.settings })],
  );
  if (!rowCount) throw new AppError("not_found", "That journey does not exist in this workspace, or it is archived.");
  return getJourney({ workspaceId: opts.workspaceId, journeyId: opts.journeyId });
}

/** What a version listens for (plus the waits and goals of older versions people may still be in). */
async function rebuildListeners(db: Queryable, workspaceId: string, journeyId: string, graph: Graph, settings: JourneySettings) {
  await db.query("DELETE FROM journey_listeners WHERE journey_id = $1", [journeyId]);
  const rows: { kind: string; segment: string | null; event: string | null }[] = [];
  const { rows: older } = await db.query<{ graph: Graph }>("SELECT graph FROM journey_versions WHERE journey_id = $1", [journeyId]);
  for (const g of [graph, ...older.map((o) => o.graph)]) {
    for (const n of g.nodes) {
      if (n.type === "wait" && (n.config as WaitConfig).mode === "event") rows.push({ kind: "wait_event", segment: null, event: (n.config as { event: string }).event });
      if (n.type === "goal") rows.push({ kind: "goal", segment: null, event: (n.config as GoalConfig).event });
    }
  }
  const t = graph.nodes.find((n) => n.type === "trigger")!.config as TriggerConfig;
  if (t.kind === "event") rows.push({ kind: "trigger_event", segment: null, event: t.event });
  else {
    rows.push({ kind: t.kind === "segment_enter" ? "trigger_enter" : "trigger_exit", segment: t.segmentId, event: null });
    if (t.kind === "segment_enter" && settings.exitOnSegmentExit) rows.push({ kind: "exit_on_leave", segment: t.segmentId, event: null });
  }
  const unique = [...new Map(rows.map((r) => [`${r.kind}|${r.segment}|${r.event}`, r])).values()];
  await db.query(
    "INSERT INTO journey_listeners (workspace_id, journey_id, kind, segment_id, event) SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[])",
    [workspaceId, journeyId, unique.map((r) => r.kind), unique.map((r) => r.segment), unique.map((r) => r.event)],
  );
}

/** The graph with every node's configuration parsed (defaults filled in), as the engine runs it. */
const normalized = (g: Graph): Graph => ({ ...g, nodes: g.nodes.map((n) => ({ ...n, config: CONFIG_SCHEMAS[n.type].parse(n.config) as Record<string, unknown> })) });

/**
 * Publishes the draft as a new version once it is valid. People already on the journey finish on
 * the version they entered; new entries take the new one.
 */
export async function publishJourney(opts: { workspaceId: string; actor: Actor; journeyId: string }): Promise<JourneyDetail> {
  const j = await getJourney(opts);
  if (j.status === "archived") throw new AppError("conflict", "An archived journey cannot be published: duplicate it instead.");
  if (j.issues.length) throw new AppError("invalid_input", `Fix ${j.issues.length} problem${j.issues.length === 1 ? "" : "s"} before publishing: ${j.issues[0]!.message}`, { issues: j.issues });
  const version = await withTransaction(async (c) => {
    const { rows } = await c.query<{ version: number }>("SELECT coalesce(max(version), 0) + 1 AS version FROM journey_versions WHERE journey_id = $1", [j.id]);
    const v = rows[0]!.version;
    await c.query("INSERT INTO journey_versions (journey_id, version, workspace_id, graph, settings, published_by) VALUES ($1, $2, $3, $4, $5, $6)", [
      j.id, v, opts.workspaceId, JSON.stringify(normalized(j.graph)), JSON.stringify(j.settings), opts.actor.label,
    ]);
    await c.query("UPDATE journeys SET status = 'published', version = $2, draft_changed = false, updated_at = now() WHERE id = $1", [j.id, v]);
    await rebuildListeners(c, opts.workspaceId, j.id, j.graph, j.settings);
    return v;
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.published", target: { type: "journey", id: j.id }, summary: { name: j.name, version } });
  return getJourney(opts);
}

/** Pause (nobody enters or moves; timers wait), resume, or archive (everyone still in it exits). */
export async function setJourneyStatus(opts: { workspaceId: string; actor: Actor; journeyId: string; status: "paused" | "published" | "archived" }): Promise<JourneyDetail> {
  const j = await getJourney(opts);
  if (opts.status === "published" && j.status !== "paused") throw new AppError("conflict", "Only a paused journey can be resumed; publish the draft instead.");
  if (opts.status === "paused" && j.status !== "published") throw new AppError("conflict", "Only a published journey can be paused.");
  await withTransaction(async (c) => {
    await c.query("UPDATE journeys SET status = $2, updated_at = now() WHERE id = $1", [j.id, opts.status]);
    if (opts.status === "archived") {
      await c.query("DELETE FROM journey_listeners WHERE journey_id = $1", [j.id]);
      await endStates(c, "journey_id = $1", [j.id], "exited", "The journey was archived", new Date());
    }
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: `journey.${opts.status === "published" ? "resumed" : opts.status}`, target: { type: "journey", id: j.id }, summary: { name: j.name } });
  return getJourney(opts);
}

export async function deleteJourney(opts: { workspaceId: string; actor: Actor; journeyId: string }): Promise<void> {
  const j = await getJourney(opts);
  if (j.status === "published" || j.active > 0) throw new AppError("conflict", "Archive the journey first: people are in it, or it is live.");
  await pool().query("DELETE FROM journeys WHERE id = $1 AND workspace_id = $2", [j.id, opts.workspaceId]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.deleted", target: { type: "journey", id: j.id }, summary: { name: j.name } });
}

export const EMPTY_DRAFT = { graph: { nodes: [], edges: [] } as Graph, settings: DEFAULT_SETTINGS };
