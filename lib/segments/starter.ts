import type { Actor } from "../audit";
import { definitionSchema, type SegmentDefinition } from "./schema";
import { createSegment } from "./store";

/** Segments every store wants on day one: the demo workspace starts with them. */
export const STARTER_SEGMENTS: { name: string; description: string; definition: SegmentDefinition }[] = [
  {
    name: "Abandoned cart",
    description: "Added to cart in the last 7 days and no order within an hour (nor since): for a reminder email.",
    definition: definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [{ type: "sequence", first: { event: "Product Added" }, then: { event: "Order Completed" }, followed: false, within: { amount: 1, unit: "hours" }, window: { kind: "last", amount: 7, unit: "days" } }],
    }),
  },
  {
    name: "High-value customers",
    description: "More than 150 in orders over the last 90 days.",
    definition: definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [{ type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gt", value: 150 }, window: { kind: "last", amount: 90, unit: "days" } }],
    }),
  },
  {
    name: "Lapsed buyers",
    description: "Ordered before, but not in the last 30 days: a win-back audience.",
    definition: definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "event", event: "Order Completed" },
        { type: "no_event", event: "Order Completed", window: { kind: "last", amount: 30, unit: "days" } },
      ],
    }),
  },
  {
    name: "Engaged pro subscribers",
    description: "Pro plan, seen in the last 14 days, and reachable by email.",
    definition: definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" },
        { type: "seen", which: "last", op: "within_last", within: { amount: 14, unit: "days" } },
        { type: "consent", purpose: "marketing_email", granted: true },
      ],
    }),
  },
];

export async function createStarterSegments(opts: { workspaceId: string; actor: Actor }): Promise<number> {
  for (const s of STARTER_SEGMENTS) await createSegment({ workspaceId: opts.workspaceId, actor: opts.actor, ...s });
  return STARTER_SEGMENTS.length;
}
