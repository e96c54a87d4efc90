import { z } from "zod";
import { durationSchema, propertyFilterSchema } from "../segments/schema";

export const INTERVALS = ["hour", "day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];

/** Relative ("the last 30 days", today included) or absolute (dates in the workspace's timezone, both ends included). */
export const dateRangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("last"), amount: z.coerce.number().int().min(1, "At least 1").max(1000, "At most 1,000"), unit: z.enum(["days", "weeks", "months"]) }),
  z.object({
    kind: z.literal("between"),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date like 2026-11-01"),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date like 2026-11-30"),
  }),
]);
export type DateRange = z.infer<typeof dateRangeSchema>;

export const MEASURES = ["count", "uniques", "sum", "avg"] as const;
export type Measure = (typeof MEASURES)[number];
export const MEASURE_LABELS: Record<Measure, string> = { count: "Total events", uniques: "Unique people", sum: "Sum of", avg: "Average of" };

const eventName = z.string().trim().min(1, "Choose an event").max(200);
const fieldName = z.string().trim().min(1, "Choose a property").max(200);

export const seriesSchema = z
  .object({
    event: eventName,
    measure: z.enum(MEASURES).default("count"),
    property: fieldName.optional(),
    filters: z.array(propertyFilterSchema).max(20, "Use at most 20 filters").default([]),
  })
  .refine((s) => (s.measure === "sum" || s.measure === "avg" ? Boolean(s.property) : true), { message: "Choose the property to add up or average", path: ["property"] });
export type Series = z.infer<typeof seriesSchema>;

export const breakdownSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("property"), property: fieldName }),
  z.object({ kind: z.literal("trait"), trait: fieldName }),
  z.object({ kind: z.literal("segment"), segmentIds: z.array(z.string().min(1)).min(1, "Choose at least one segment").max(10, "At most 10 segments") }),
]);
export type Breakdown = z.infer<typeof breakdownSchema>;

export const VIEWS = ["line", "bar", "area", "number"] as const;

export const trendsSchema = z.object({
  type: z.literal("trends"),
  series: z.array(seriesSchema).min(1, "Add a series").max(5, "At most 5 series"),
  range: dateRangeSchema.default({ kind: "last", amount: 30, unit: "days" }),
  interval: z.enum(INTERVALS).default("day"),
  breakdown: breakdownSchema.nullable().default(null),
  /** Keep the N largest breakdown values; the rest become "Other". */
  top: z.coerce.number().int().min(1).max(25).default(5),
  compare: z.boolean().default(false),
  /** Only people in this segment (now). */
  segmentId: z.string().min(1).nullable().default(null),
  view: z.enum(VIEWS).default("line"),
});
export type TrendsInsight = z.infer<typeof trendsSchema>;

/** Buckets a range may have at most: an hourly trend over a year is not a chart anyone can read. */
export const MAX_BUCKETS = 1000;

export const funnelStepSchema = z.object({ event: eventName, filters: z.array(propertyFilterSchema).max(20, "Use at most 20 filters").default([]) });
export type FunnelStep = z.infer<typeof funnelStepSchema>;

export const funnelSchema = z.object({
  type: z.literal("funnel"),
  steps: z.array(funnelStepSchema).min(2, "A funnel has at least 2 steps").max(10, "At most 10 steps"),
  /** Every step must happen within this long after the first. */
  window: durationSchema.default({ amount: 7, unit: "days" }),
  range: dateRangeSchema.default({ kind: "last", amount: 30, unit: "days" }),
  breakdown: z.discriminatedUnion("kind", [z.object({ kind: z.literal("property"), property: fieldName }), z.object({ kind: z.literal("trait"), trait: fieldName })]).nullable().default(null),
  top: z.coerce.number().int().min(1).max(10).default(5),
  segmentId: z.string().min(1).nullable().default(null),
});
export type FunnelInsight = z.infer<typeof funnelSchema>;

export const RETENTION_PERIODS = ["day", "week", "month"] as const;
export const retentionSchema = z.object({
  type: z.literal("retention"),
  /** Who starts a cohort, and when: their first time doing an event in the range, or entering a segment in it. */
  cohort: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("event"), event: eventName, filters: z.array(propertyFilterSchema).max(20).default([]) }),
    z.object({ kind: z.literal("segment"), segmentId: z.string().min(1, "Choose a segment") }),
  ]),
  /** What counts as coming back. */
  returnEvent: funnelStepSchema,
  period: z.enum(RETENTION_PERIODS).default("week"),
  periods: z.coerce.number().int().min(1, "At least 1 period").max(24, "At most 24 periods").default(8),
  range: dateRangeSchema.default({ kind: "last", amount: 8, unit: "weeks" }),
  segmentId: z.string().min(1).nullable().default(null),
  view: z.enum(["table", "curve"]).default("table"),
});
export type RetentionInsight = z.infer<typeof retentionSchema>;

/** Segment sizes over time: each segment's member count at the end of every day (week, month) of the range. */
export const segmentSizesSchema = z.object({
  type: z.literal("segments"),
  segmentIds: z.array(z.string().min(1)).min(1, "Choose at least one segment").max(10, "At most 10 segments"),
  range: dateRangeSchema.default({ kind: "last", amount: 30, unit: "days" }),
  interval: z.enum(["day", "week", "month"]).default("day"),
  view: z.enum(["line", "area", "number"]).default("line"),
});
export type SegmentSizesInsight = z.infer<typeof segmentSizesSchema>;

export const TOP_OF = ["events", "properties", "values"] as const;
/** The most frequent events, the properties an event carries, or the values of one property, with people. */
export const topSchema = z
  .object({
    type: z.literal("top"),
    of: z.enum(TOP_OF).default("events"),
    event: z.string().trim().max(200).default(""),
    property: z.string().trim().max(200).default(""),
    range: dateRangeSchema.default({ kind: "last", amount: 30, unit: "days" }),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    segmentId: z.string().min(1).nullable().default(null),
  })
  .refine((t) => t.of === "events" || !!t.event, { message: "Choose the event whose properties to list", path: ["event"] })
  .refine((t) => t.of !== "values" || !!t.property, { message: "Choose the property whose values to list", path: ["property"] });
export type TopInsight = z.infer<typeof topSchema>;

export const insightSchema = z.discriminatedUnion("type", [trendsSchema, funnelSchema, retentionSchema, segmentSizesSchema, topSchema]);
export type Insight = z.infer<typeof insightSchema>;
