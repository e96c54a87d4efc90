import type { Actor } from "../audit";
import { insightSchema } from "./schema";
import { createDashboard, createInsight } from "./store";

const STARTER = [
  { name: "Orders per day", width: 8, definition: { type: "trends", series: [{ event: "Order Completed" }], compare: true, view: "line" } },
  { name: "Buyers, last 30 days", width: 4, definition: { type: "trends", series: [{ event: "Order Completed", measure: "uniques" }], compare: true, view: "number" } },
  { name: "Revenue by plan, weekly", width: 6, definition: { type: "trends", series: [{ event: "Order Completed", measure: "sum", property: "revenue" }], interval: "week", range: { kind: "last", amount: 12, unit: "weeks" }, breakdown: { kind: "trait", trait: "plan" }, view: "bar" } },
  { name: "Product views by category", width: 6, definition: { type: "trends", series: [{ event: "Product Viewed" }], breakdown: { kind: "property", property: "category" }, view: "area" } },
  { name: "Do buyers come back?", width: 12, definition: { type: "retention", cohort: { kind: "event", event: "Order Completed" }, returnEvent: { event: "Order Completed" }, period: "week", periods: 8, range: { kind: "last", amount: 8, unit: "weeks" } } },
  { name: "Checkout funnel", width: 12, definition: { type: "funnel", steps: [{ event: "Product Viewed" }, { event: "Product Added" }, { event: "Order Completed" }], window: { amount: 1, unit: "days" } } },
] as const;

/** The demo workspace's "Store overview" dashboard. */
export async function createStarterDashboard(opts: { workspaceId: string; actor: Actor }): Promise<string> {
  const tiles = [];
  for (const s of STARTER) {
    const insight = await createInsight({ workspaceId: opts.workspaceId, actor: opts.actor, name: s.name, definition: insightSchema.parse(s.definition) });
    tiles.push({ insightId: insight.id, width: s.width, height: 1 as const });
  }
  const d = await createDashboard({ workspaceId: opts.workspaceId, actor: opts.actor, input: { name: "Store overview", description: "Orders, buyers, revenue and the checkout funnel.", tiles } });
  return d.id;
}
