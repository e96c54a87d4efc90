import { z } from "zod";

/**
 * A segment definition: nested AND / OR groups (each can be negated) over conditions on traits,
 * events, sequences, first / last seen, other segments and consent. Stored as JSON, versioned, and
 * compiled to SQL by `compile.ts`.
 */

export const DURATION_UNITS = ["minutes", "hours", "days", "weeks"] as const;
export const durationSchema = z.object({
  amount: z.number({ error: "Enter a number" }).int("Use a whole number").min(1, "Use at least 1").max(100_000, "Use at most 100,000"),
  unit: z.enum(DURATION_UNITS, { error: "Choose minutes, hours, days or weeks" }),
});
export type Duration = z.infer<typeof durationSchema>;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "Use a date like 2026-01-31");

export const windowSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("ever") }),
    z.object({ kind: z.literal("last"), amount: durationSchema.shape.amount, unit: durationSchema.shape.unit }),
    z.object({ kind: z.literal("between"), from: isoDate, to: isoDate }).refine((w) => Date.parse(w.from) < Date.parse(w.to), "The window must end after it starts"),
  ],
  { error: "Choose a time window: ever, in the last …, or between two dates" },
);
export type Window = z.infer<typeof windowSchema>;

export const VALUE_TYPES = ["string", "number", "boolean", "date", "list"] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const OPERATORS = [
  "eq", "neq", "contains", "not_contains", "starts_with", "in", "not_in",
  "gt", "gte", "lt", "lte", "between", "exists", "not_exists",
  "before", "after", "within_last", "not_within_last",
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Which operators make sense for which type of value. */
export const OPERATORS_BY_TYPE: Record<ValueType, readonly Operator[]> = {
  string: ["eq", "neq", "contains", "not_contains", "starts_with", "in", "not_in", "exists", "not_exists"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "between", "in", "not_in", "exists", "not_exists"],
  boolean: ["eq", "neq", "exists", "not_exists"],
  date: ["before", "after", "between", "within_last", "not_within_last", "exists", "not_exists"],
  list: ["contains", "not_contains", "exists", "not_exists"],
};

const scalar = z.union([z.string().max(500, "Use at most 500 characters"), z.number(), z.boolean()]);
const fieldName = z
  .string({ error: "Choose a property" })
  .trim()
  .min(1, "Choose a property")
  .max(200, "Use at most 200 characters")
  .regex(/^[^.\s][^\s]*$/, "Property names have no spaces; use dots for nested ones, like address.city");

/** A comparison of one value (a trait, or an event property) with what the marketer typed. */
const comparison = z.object({
  valueType: z.enum(VALUE_TYPES, { error: "Choose a type: text, number, true / false, date or list" }),
  op: z.enum(OPERATORS, { error: "Choose an operator" }),
  value: scalar.optional(),
  to: scalar.optional(),
  values: z.array(scalar).max(1000, "Use at most 1,000 values").optional(),
  within: durationSchema.optional(),
});

function checkComparison(c: z.infer<typeof comparison>, ctx: z.RefinementCtx) {
  const issue = (message: string, path: string) => ctx.addIssue({ code: "custom", message, path: [path] });
  if (!OPERATORS_BY_TYPE[c.valueType].includes(c.op)) return issue(`“${c.op}” does not apply to a ${c.valueType} value; use one of ${OPERATORS_BY_TYPE[c.valueType].join(", ")}`, "op");
  if (c.op === "exists" || c.op === "not_exists") return;
  if (c.op === "in" || c.op === "not_in") {
    if (!c.values?.length) issue("List at least one value", "values");
    else if (c.valueType === "number" && c.values.some((v) => typeof v !== "number")) issue("Every value must be a number", "values");
    return;
  }
  if (c.op === "within_last" || c.op === "not_within_last") {
    if (!c.within) issue("Say how far back: a number of minutes, hours, days or weeks", "within");
    return;
  }
  if (c.value === undefined || c.value === "") return issue("Enter a value", "value");
  if (c.valueType === "number" && typeof c.value !== "number") issue("Enter a number", "value");
  if (c.valueType === "boolean" && typeof c.value !== "boolean") issue("Choose true or false", "value");
  if (c.valueType === "date" && (typeof c.value !== "string" || Number.isNaN(Date.parse(c.value)))) issue("Enter a date like 2026-01-31", "value");
  if (c.op === "between") {
    if (c.to === undefined || c.to === "") return issue("Enter the upper end of the range", "to");
    if (c.valueType === "number" && (typeof c.to !== "number" || c.to < (c.value as number))) issue("The upper end must be a number at least the lower end", "to");
    if (c.valueType === "date" && (typeof c.to !== "string" || !(Date.parse(c.to) > Date.parse(String(c.value))))) issue("The end date must come after the start date", "to");
  }
}

export const propertyFilterSchema = comparison.extend({ property: fieldName }).superRefine(checkComparison);
export type PropertyFilter = z.infer<typeof propertyFilterSchema>;

const eventName = z.string({ error: "Choose an event" }).trim().min(1, "Choose an event").max(200, "Use at most 200 characters");
const filters = z.array(propertyFilterSchema).max(20, "Use at most 20 property filters").default([]);

export const traitConditionSchema = comparison.extend({ type: z.literal("trait"), trait: fieldName }).superRefine(checkComparison);

export const COUNT_OPS = ["at_least", "at_most", "exactly"] as const;
export const AGGREGATES = ["sum", "avg", "min", "max"] as const;
export const AGGREGATE_OPS = ["gt", "gte", "lt", "lte", "eq", "between"] as const;

export const measureSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("count"), op: z.enum(COUNT_OPS), value: z.number().int("Use a whole number").min(0, "Use 0 or more").max(1_000_000) }),
    z
      .object({ kind: z.enum(AGGREGATES), property: fieldName, op: z.enum(AGGREGATE_OPS), value: z.number({ error: "Enter a number" }), to: z.number().optional() })
      .refine((m) => m.op !== "between" || (m.to !== undefined && m.to >= m.value), { message: "Enter an upper end at least the lower end", path: ["to"] }),
  ],
  { error: "Choose how to measure: a count, or the sum / average / min / max of a property" },
);
export type Measure = z.infer<typeof measureSchema>;

export const eventConditionSchema = z.object({
  type: z.literal("event"),
  event: eventName,
  filters,
  measure: measureSchema.default({ kind: "count", op: "at_least", value: 1 }),
  window: windowSchema.default({ kind: "ever" }),
});

export const noEventConditionSchema = z.object({ type: z.literal("no_event"), event: eventName, filters, window: windowSchema.default({ kind: "ever" }) });

const step = z.object({ event: eventName, filters });
export const sequenceConditionSchema = z.object({
  type: z.literal("sequence"),
  first: step,
  then: step,
  /** true: A then B within T. false: A, and no B within T of the latest A (nor since). */
  followed: z.boolean(),
  within: durationSchema,
  window: windowSchema.default({ kind: "ever" }),
});

export const seenConditionSchema = z
  .object({
    type: z.literal("seen"),
    which: z.enum(["first", "last"]),
    op: z.enum(["before", "after", "within_last", "not_within_last"]),
    date: isoDate.optional(),
    within: durationSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.op === "before" || c.op === "after") && !c.date) ctx.addIssue({ code: "custom", message: "Enter a date like 2026-01-31", path: ["date"] });
    if ((c.op === "within_last" || c.op === "not_within_last") && !c.within) ctx.addIssue({ code: "custom", message: "Say how far back", path: ["within"] });
  });

export const segmentRefConditionSchema = z.object({ type: z.literal("segment"), segmentId: z.string().min(1, "Choose a segment"), member: z.boolean() });
export const consentConditionSchema = z.object({
  type: z.literal("consent"),
  purpose: z.string().trim().min(1, "Choose a purpose").max(60).regex(/^[a-z0-9_]+$/, "Purposes are lower-case words joined by _, like marketing_email"),
  granted: z.boolean(),
});

export type TraitCondition = z.infer<typeof traitConditionSchema>;
export type EventCondition = z.infer<typeof eventConditionSchema>;
export type NoEventCondition = z.infer<typeof noEventConditionSchema>;
export type SequenceCondition = z.infer<typeof sequenceConditionSchema>;
export type SeenCondition = z.infer<typeof seenConditionSchema>;
export type SegmentRefCondition = z.infer<typeof segmentRefConditionSchema>;
export type ConsentCondition = z.infer<typeof consentConditionSchema>;
export type Condition = TraitCondition | EventCondition | NoEventCondition | SequenceCondition | SeenCondition | SegmentRefCondition | ConsentCondition;
export type Group = { type: "group"; op: "and" | "or"; negate?: boolean; conditions: Node[] };
export type Node = Group | Condition;

export const MAX_DEPTH = 5;
export const MAX_CONDITIONS = 50;

const nodeSchema: z.ZodType<Node> = z.lazy(() =>
  z.discriminatedUnion(
    "type",
    [groupSchema as never, traitConditionSchema, eventConditionSchema, noEventConditionSchema, sequenceConditionSchema, seenConditionSchema, segmentRefConditionSchema, consentConditionSchema],
    { error: "Unknown condition type: use group, trait, event, no_event, sequence, seen, segment or consent" },
  ),
) as z.ZodType<Node>;

export const groupSchema = z.object({
  type: z.literal("group"),
  op: z.enum(["and", "or"], { error: "Join conditions with and / or" }),
  negate: z.boolean().optional(),
  get conditions() {
    return z.array(nodeSchema).max(MAX_CONDITIONS, `Use at most ${MAX_CONDITIONS} conditions in a group`);
  },
});

export const definitionSchema = groupSchema.superRefine((g, ctx) => {
  let count = 0;
  const walk = (n: Node, depth: number) => {
    if (n.type !== "group") return void count++;
    if (depth > MAX_DEPTH) ctx.addIssue({ code: "custom", message: `Nest groups at most ${MAX_DEPTH} deep` });
    n.conditions.forEach((c) => walk(c, depth + 1));
  };
  walk(g, 1);
  if (count > MAX_CONDITIONS) ctx.addIssue({ code: "custom", message: `Use at most ${MAX_CONDITIONS} conditions in a segment` });
});
export type SegmentDefinition = Group;

export const saveSegmentSchema = z.object({
  name: z.string().trim().min(1, "Name the segment, like “Abandoned cart, last 7 days”").max(120, "Use at most 120 characters"),
  description: z.string().trim().max(1000, "Use at most 1,000 characters").default(""),
  definition: definitionSchema,
});
export type SaveSegmentInput = z.infer<typeof saveSegmentSchema>;

export const previewSchema = z.object({ definition: definitionSchema, segmentId: z.string().optional(), exact: z.boolean().optional() });
