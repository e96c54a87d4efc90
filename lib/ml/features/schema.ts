import { z } from "zod";
import { propertyFilterSchema } from "../../segments/schema";

/** Any event at all, where an event name is asked for. */
export const ANY_EVENT = "*";

const name = z.string().trim().regex(/^[a-z][a-z0-9_]{0,62}$/, "Name it in snake_case, like orders_30d");
const event = z.string().trim().min(1, "Choose an event (or * for any event)").max(200);
const windowDays = z.number().int("Use whole days").min(1, "Use at least 1 day").max(3650, "Use at most 3,650 days").nullable().default(null);
const filters = z.array(propertyFilterSchema).max(10, "Use at most 10 property filters").default([]);

export const AGGREGATES = ["count", "sum", "avg", "min", "max", "distinct_count"] as const;

/**
 * One feature of a profile, computed from its events before a moment (point in time) or from its
 * traits as they were then: an aggregate of an event (count, sum of a property…) over the last N days
 * or ever, days since it last happened (recency), on how many distinct days it happened (frequency),
 * a trait's value, or one feature divided by another.
 */
export const featureSpecSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("event"), aggregate: z.enum(AGGREGATES, { error: `Choose an aggregate: ${AGGREGATES.join(", ")}` }), event, property: z.string().trim().max(200).optional(), filters, windowDays }),
    z.object({ kind: z.literal("recency"), event, filters }),
    z.object({ kind: z.literal("frequency"), event, filters, windowDays }),
    z.object({ kind: z.literal("trait"), trait: z.string().trim().min(1, "Choose a trait").max(200) }),
    z.object({ kind: z.literal("ratio"), numerator: name, denominator: name }),
  ],
  { error: "Choose what the feature is: event, recency, frequency, trait or ratio" },
);
export type FeatureSpec = z.infer<typeof featureSpecSchema>;

export const featureSchema = z
  .object({ name, description: z.string().trim().max(500).default(""), spec: featureSpecSchema })
  .refine((f) => f.spec.kind !== "event" || f.spec.aggregate === "count" || !!f.spec.property, { message: "Choose the property to aggregate", path: ["spec", "property"] });
export type FeatureInput = z.infer<typeof featureSchema>;
export type Feature = FeatureInput & { id: string; createdAt: string };

/** Event names a feature reads (to know which new events make it stale); ANY_EVENT for all. */
export function eventsOf(spec: FeatureSpec): string[] {
  return spec.kind === "event" || spec.kind === "recency" || spec.kind === "frequency" ? [spec.event] : [];
}

/** A starter set marketers know: recency, frequency and monetary value, activity over 7 / 30 / 90 days. */
export const STARTER_FEATURES: FeatureInput[] = [
  { name: "days_since_last_seen", description: "Days since the profile's last event", spec: { kind: "recency", event: ANY_EVENT, filters: [] } },
  { name: "events_7d", description: "Events in the last 7 days", spec: { kind: "event", aggregate: "count", event: ANY_EVENT, filters: [], windowDays: 7 } },
  { name: "events_30d", description: "Events in the last 30 days", spec: { kind: "event", aggregate: "count", event: ANY_EVENT, filters: [], windowDays: 30 } },
  { name: "active_days_30d", description: "Days with at least one event in the last 30", spec: { kind: "frequency", event: ANY_EVENT, filters: [], windowDays: 30 } },
  { name: "orders_90d", description: "Orders in the last 90 days", spec: { kind: "event", aggregate: "count", event: "Order Completed", filters: [], windowDays: 90 } },
  { name: "revenue_90d", description: "Revenue in the last 90 days (monetary value)", spec: { kind: "event", aggregate: "sum", event: "Order Completed", property: "revenue", filters: [], windowDays: 90 } },
  { name: "days_since_last_order", description: "Days since the last order", spec: { kind: "recency", event: "Order Completed", filters: [] } },
  { name: "products_viewed_30d", description: "Distinct products viewed in the last 30 days", spec: { kind: "event", aggregate: "distinct_count", event: "Product Viewed", property: "product_id", filters: [], windowDays: 30 } },
];
