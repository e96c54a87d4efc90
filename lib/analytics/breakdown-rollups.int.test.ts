import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq, userActor } from "../testing/fixtures";
import { buildNextBreakdownRollup, foldBreakdownRollups, readyBreakdowns, startCollecting } from "./breakdown-rollups";
import { buildNextRollup } from "./rollups";
import { trendsSchema, type TrendsInsight } from "./schema";
import { createInsight, updateInsight } from "./store";
import { runTrends } from "./trends";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const CATEGORIES = ["Coffee", "Tea", "Gear", "Gifts", "Cups", "Filters", "Beans"];

/** Views with a category (7 values, unevenly), a nested brand, some without either or with null. */
function views(n: number, seed: number) {
  return Array.from({ length: n }, (_, i) => {
    const t = Date.UTC(2026, 4, 1) + ((i * 5_003_111 + seed * 104_729_000) % (20 * 86_400_000));
    const k = (i * 7 + seed) % 23;
    const properties = k === 0 ? {} : k === 1 ? { category: null } : { category: CATEGORIES[k % 7 === 0 ? 0 : k % (1 + (k % 7))], product: { brand: k % 2 ? "North" : "South" } };
    return parseMessage({ type: "track", userId: `u${(i * 31 + seed) % 40}`, event: "Product Viewed", properties, timestamp: new Date(t).toISOString(), messageId: uniq("m") }, { receivedAt: new Date("2026-05-25T00:00:00Z") });
  });
}

const byCategory = (top: number, interval: "day" | "week" = "day"): TrendsInsight =>
  trendsSchema.parse({ type: "trends", series: [{ event: "Product Viewed" }], range: { kind: "between", from: "2026-05-01", to: "2026-05-20" }, interval, breakdown: { kind: "property", property: "category" }, top, compare: true });
const byBrand = trendsSchema.parse({ type: "trends", series: [{ event: "Product Viewed" }], range: { kind: "between", from: "2026-05-04", to: "2026-05-12" }, interval: "day", breakdown: { kind: "property", property: "product.brand" } });

async function same(workspaceId: string, insights: TrendsInsight[]) {
  for (const insight of insights) {
    const fromEvents = await runTrends({ workspaceId, insight, rollups: false });
    const fromRollups = await runTrends({ workspaceId, insight });
    const shape = (r: typeof fromEvents) => r.lines.map((l) => [l.breakdown, l.values, l.total, l.previous, l.previousTotal]);
    expect(shape(fromRollups)).toEqual(shape(fromEvents));
    expect(fromEvents.lines.filter((l) => l.total > 0).length).toBeGreaterThan(1);
  }
}

async function status(workspaceId: string): Promise<Record<string, string>> {
  const { rows } = await pool().query<{ property: string; status: string }>("SELECT property, status FROM breakdown_rollup_pairs WHERE workspace_id = $1", [workspaceId]);
  return Object.fromEntries(rows.map((r) => [r.property, r.status]));
}

async function foldAll() {
  while ((await foldBreakdownRollups()) > 0) {
    // until every delta is folded
  }
}

describe("breakdown rollups", () => {
  it("count a saved insight's breakdown per value and hour: history once, then deltas, the same answers as the events", async () => {
    const { workspace, owner } = await makeWorkspace();
    const ws = workspace.id;
    await pool().query("UPDATE workspaces SET timezone = 'America/New_York' WHERE id = $1", [ws]);
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: views(400, 1) });
    await buildNextRollup({ workspaceId: ws });

    // Saving the insights asks for their pairs; a series with a filter or another measure asks for nothing.
    await createInsight({ workspaceId: ws, actor: userActor(owner), name: "Views by category", definition: byCategory(3) });
    const brand = await createInsight({ workspaceId: ws, actor: userActor(owner), name: "Views by brand", definition: byBrand });
    const filtered = trendsSchema.parse({ ...byBrand, series: [{ event: "Product Viewed", filters: [{ property: "category", valueType: "string", op: "eq", value: "Tea" }] }, { event: "Product Viewed", measure: "uniques" }] });
    await createInsight({ workspaceId: ws, actor: userActor(owner), name: "Filtered", definition: { ...filtered, breakdown: { kind: "property", property: "sku" } } });
    expect(await status(ws)).toEqual({ category: "requested", "product.brand": "requested" });

    // Events while requested: nobody appends deltas yet, the build counts them from history.
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: views(100, 2) });
    expect(await startCollecting()).toBeGreaterThanOrEqual(2);
    // Events while collecting: deltas, which the build drops with the history it counts.
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: views(100, 3) });
    expect(await buildNextBreakdownRollup({ workspaceId: ws })).toBe(true);
    expect(await buildNextBreakdownRollup({ workspaceId: ws })).toBe(true);
    expect(await buildNextBreakdownRollup({ workspaceId: ws })).toBe(false);
    expect(await status(ws)).toEqual({ category: "ready", "product.brand": "ready" });
    expect((await readyBreakdowns(ws)).size).toBe(2);
    await same(ws, [byCategory(3), byCategory(10, "week"), byBrand]);

    // New events: counted from the deltas at once, and the same after folding.
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: views(150, 4) });
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM breakdown_rollup_deltas WHERE workspace_id = $1", [ws]);
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    await same(ws, [byCategory(3), byBrand]);
    await foldAll();
    await same(ws, [byCategory(3), byCategory(10, "week"), byBrand]);

    // The brand insight now breaks down by a trait: its pair and counts are dropped, ingestion stops appending for it.
    await updateInsight({ workspaceId: ws, actor: userActor(owner), insightId: brand.id, name: "Views by plan", definition: { ...byBrand, breakdown: { kind: "trait", trait: "plan" } } });
    expect(await status(ws)).toEqual({ category: "ready" });
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: views(50, 8) });
    const left = await pool().query<{ property: string }>("SELECT DISTINCT property FROM breakdown_rollups WHERE workspace_id = $1 UNION SELECT DISTINCT property FROM breakdown_rollup_deltas WHERE workspace_id = $1", [ws]);
    expect(left.rows.map((r) => r.property)).toEqual(["category"]);
    await same(ws, [byCategory(3)]);
  });

  it("gives up on a property with more values than a breakdown shows, and keeps workspaces apart", async () => {
    const a = await makeWorkspace();
    const b = await makeWorkspace();
    for (const { workspace, owner } of [a, b]) {
      await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: views(200, 5) });
      await buildNextRollup({ workspaceId: workspace.id });
      await createInsight({ workspaceId: workspace.id, actor: userActor(owner), name: "Views by category", definition: byCategory(3) });
    }
    await startCollecting();
    expect(await buildNextBreakdownRollup({ workspaceId: a.workspace.id, maxValues: 3 })).toBe(true);
    expect(await status(a.workspace.id)).toEqual({ category: "too_many" });
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM breakdown_rollups WHERE workspace_id = $1", [a.workspace.id]);
    expect(Number(rows[0]!.n)).toBe(0);
    // Answered from the events, and no deltas kept for it.
    await ingestMessages({ workspaceId: a.workspace.id, sourceId: null, messages: views(50, 6) });
    expect(await readyBreakdowns(a.workspace.id)).toEqual(new Set());

    expect(await buildNextBreakdownRollup({ workspaceId: b.workspace.id })).toBe(true);
    await ingestMessages({ workspaceId: b.workspace.id, sourceId: null, messages: views(80, 7) });
    await foldAll();
    const left = await pool().query<{ n: string }>("SELECT count(*) AS n FROM breakdown_rollup_deltas WHERE workspace_id = ANY($1::text[])", [[a.workspace.id, b.workspace.id]]);
    expect(Number(left.rows[0]!.n)).toBe(0);
    await same(b.workspace.id, [byCategory(3)]);
  });
});
