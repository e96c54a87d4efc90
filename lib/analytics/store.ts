import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { pruneBreakdownRollups, requestBreakdownRollups } from "./breakdown-rollups";
import { insightSchema, type Insight } from "./schema";

export const saveInsightSchema = z.object({ name: z.string().trim().min(1, "Give the insight a name").max(200), definition: insightSchema });
export const tileSchema = z.object({ insightId: z.string().min(1), width: z.union([z.literal(4), z.literal(6), z.literal(8), z.literal(12)]).default(6), height: z.union([z.literal(1), z.literal(2)]).default(1) });
export const saveDashboardSchema = z.object({
  name: z.string().trim().min(1, "Give the dashboard a name").max(200),
  description: z.string().max(1000).default(""),
  tiles: z.array(tileSchema).max(50, "At most 50 tiles").default([]),
});
export type Tile = z.infer<typeof tileSchema>;
export type SavedInsight = { id: string; name: string; definition: Insight; createdBy: string; updatedAt: string };
export type Dashboard = { id: string; name: string; description: string; tiles: Tile[]; insights: SavedInsight[]; createdBy: string; updatedAt: string };

type InsightRow = { id: string; name: string; definition: Insight; created_by: string; updated_at: Date };
const toInsight = (r: InsightRow): SavedInsight => ({ id: r.id, name: r.name, definition: r.definition, createdBy: r.created_by, updatedAt: r.updated_at.toISOString() });

export async function createInsight(opts: { workspaceId: string; actor: Actor; name: string; definition: Insight }): Promise<SavedInsight> {
  const id = randomUUID();
  await pool().query("INSERT INTO insights (id, workspace_id, name, definition, created_by) VALUES ($1, $2, $3, $4, $5)", [id, opts.workspaceId, opts.name, JSON.stringify(opts.definition), opts.actor.label]);
  await requestBreakdownRollups(opts.workspaceId, opts.definition);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "insight.created", target: { type: "insight", id }, summary: { name: opts.name, type: opts.definition.type } });
  return getInsight({ workspaceId: opts.workspaceId, insightId: id });
}

export async function updateInsight(opts: { workspaceId: string; actor: Actor; insightId: string; name: string; definition: Insight }): Promise<SavedInsight> {
  const r = await pool().query("UPDATE insights SET name = $3, definition = $4, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.insightId, opts.workspaceId, opts.name, JSON.stringify(opts.definition)]);
  if (!r.rowCount) throw new AppError("not_found", "That insight does not exist in this workspace.");
  await requestBreakdownRollups(opts.workspaceId, opts.definition);
  await pruneBreakdownRollups(opts.workspaceId);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "insight.updated", target: { type: "insight", id: opts.insightId }, summary: { name: opts.name } });
  return getInsight(opts);
}

export async function getInsight(opts: { workspaceId: string; insightId: string }): Promise<SavedInsight> {
  const { rows } = await pool().query<InsightRow>("SELECT * FROM insights WHERE id = $1 AND workspace_id = $2", [opts.insightId, opts.workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That insight does not exist in this workspace.");
  return toInsight(rows[0]);
}

type DashboardRow = { id: string; name: string; description: string; tiles: Tile[]; created_by: string; updated_at: Date };

export async function listDashboards(opts: { workspaceId: string }): Promise<(Omit<Dashboard, "insights"> & { tileCount: number })[]> {
  const { rows } = await pool().query<DashboardRow>("SELECT * FROM dashboards WHERE workspace_id = $1 ORDER BY lower(name)", [opts.workspaceId]);
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, tiles: r.tiles, tileCount: r.tiles.length, createdBy: r.created_by, updatedAt: r.updated_at.toISOString() }));
}

export async function getDashboard(opts: { workspaceId: string; dashboardId: string }): Promise<Dashboard> {
  const { rows } = await pool().query<DashboardRow>("SELECT * FROM dashboards WHERE id = $1 AND workspace_id = $2", [opts.dashboardId, opts.workspaceId]);
  const d = rows[0];
  if (!d) throw new AppError("not_found", "That dashboard does not exist in this workspace.");
  const ids = d.tiles.map((t) => t.insightId);
  const insights = (await pool().query<InsightRow>("SELECT * FROM insights WHERE workspace_id = $1 AND id = ANY($2::text[])", [opts.workspaceId, ids])).rows.map(toInsight);
  const known = new Set(insights.map((i) => i.id));
  return { id: d.id, name: d.name, description: d.description, tiles: d.tiles.filter((t) => known.has(t.insightId)), insights, createdBy: d.created_by, updatedAt: d.updated_at.toISOString() };
}

async function checkTiles(workspaceId: string, tiles: Tile[]): Promise<void> {
  const ids = [...new Set(tiles.map((t) => t.insightId))];
  const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM insights WHERE workspace_id = $1 AND id = ANY($2::text[])", [workspaceId, ids]);
  if (Number(rows[0]!.n) !== ids.length) throw new AppError("invalid_input", "A tile refers to an insight that does not exist in this workspace.");
}

export async function createDashboard(opts: { workspaceId: string; actor: Actor; input: z.infer<typeof saveDashboardSchema> }): Promise<Dashboard> {
  await checkTiles(opts.workspaceId, opts.input.tiles);
  const id = randomUUID();
  await pool().query("INSERT INTO dashboards (id, workspace_id, name, description, tiles, created_by) VALUES ($1, $2, $3, $4, $5, $6)", [id, opts.workspaceId, opts.input.name, opts.input.description, JSON.stringify(opts.input.tiles), opts.actor.label]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "dashboard.created", target: { type: "dashboard", id }, summary: { name: opts.input.name } });
  return getDashboard({ workspaceId: opts.workspaceId, dashboardId: id });
}

export async function updateDashboard(opts: { workspaceId: string; actor: Actor; dashboardId: string; input: z.infer<typeof saveDashboardSchema> }): Promise<Dashboard> {
  await checkTiles(opts.workspaceId, opts.input.tiles);
  const r = await pool().query("UPDATE dashboards SET name = $3, description = $4, tiles = $5, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.dashboardId, opts.workspaceId, opts.input.name, opts.input.description, JSON.stringify(opts.input.tiles)]);
  if (!r.rowCount) throw new AppError("not_found", "That dashboard does not exist in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "dashboard.updated", target: { type: "dashboard", id: opts.dashboardId }, summary: { name: opts.input.name, tiles: opts.input.tiles.length } });
  return getDashboard(opts);
}

export async function deleteDashboard(opts: { workspaceId: string; actor: Actor; dashboardId: string }): Promise<void> {
  const r = await pool().query("DELETE FROM dashboards WHERE id = $1 AND workspace_id = $2", [opts.dashboardId, opts.workspaceId]);
  if (!r.rowCount) throw new AppError("not_found", "That dashboard does not exist in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "dashboard.deleted", target: { type: "dashboard", id: opts.dashboardId } });
}

/** Saves an insight and puts it at the end of a dashboard (a new one when only a name is given). */
export async function saveToDashboard(opts: { workspaceId: string; actor: Actor; name: string; definition: Insight; dashboardId?: string; newDashboardName?: string }): Promise<{ insight: SavedInsight; dashboardId: string }> {
  const insight = await createInsight(opts);
  const tile: Tile = { insightId: insight.id, width: opts.definition.type === "funnel" ? 12 : 6, height: 1 };
  if (opts.dashboardId) {
    const d = await getDashboard({ workspaceId: opts.workspaceId, dashboardId: opts.dashboardId });
    await updateDashboard({ workspaceId: opts.workspaceId, actor: opts.actor, dashboardId: d.id, input: { name: d.name, description: d.description, tiles: [...d.tiles, tile] } });
    return { insight, dashboardId: d.id };
  }
  const d = await createDashboard({ workspaceId: opts.workspaceId, actor: opts.actor, input: { name: opts.newDashboardName || "My dashboard", description: "", tiles: [tile] } });
  return { insight, dashboardId: d.id };
}
