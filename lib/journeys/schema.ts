import { z } from "zod";
import { definitionSchema, durationSchema, propertyFilterSchema } from "../segments/schema";

/**
 * A journey is a graph of nodes joined by edges leaving named handles ("next", "yes" / "no",
 * "event" / "timeout", "v0"…"vN" of a split). Drafts may be incomplete: the graph is stored as
 * drawn, and each node's configuration is checked strictly (per kind, below) before publishing.
 */

export const NODE_KINDS = ["trigger", "wait", "branch", "split", "email", "webhook", "update_trait", "sync", "decide", "goal", "exit"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, - and _ in ids");

export const graphNodeSchema = z.object({
  id,
  type: z.enum(NODE_KINDS, { error: `A node is one of: ${NODE_KINDS.join(", ")}` }),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({ id, source: id, sourceHandle: z.string().max(20).nullish(), target: id });
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema).max(200, "Use at most 200 nodes in a journey"),
  edges: z.array(graphEdgeSchema).max(400, "Use at most 400 connections"),
});
export type Graph = z.infer<typeof graphSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:00");
export const settingsSchema = z.object({
  reentry: z
    .discriminatedUnion("mode", [
      z.object({ mode: z.literal("never") }),
      z.object({ mode: z.literal("after"), days: z.number().int("Use whole days").min(1, "Use at least 1 day").max(3650) }),
      z.object({ mode: z.literal("always") }),
    ])
    .default({ mode: "never" }),
  frequencyCap: z.object({ max: z.number().int().min(1, "Allow at least 1 message").max(100), per: z.enum(["day", "week"]) }).nullable().default(null),
  quietHours: z.object({ start: clock, end: clock }).refine((q) => q.start !== q.end, "Quiet hours must start and end at different times").nullable().default(null),
  exitOnSegmentExit: z.boolean().default(true),
});
export type JourneySettings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: JourneySettings = settingsSchema.parse({});

export const saveJourneySchema = z.object({
  name: z.string().trim().min(1, "Name the journey, like “Abandoned cart reminder”").max(120, "Use at most 120 characters"),
  description: z.string().trim().max(1000, "Use at most 1,000 characters").default(""),
  graph: graphSchema.default({ nodes: [], edges: [] }),
  settings: settingsSchema.default(DEFAULT_SETTINGS),
});
export type SaveJourneyInput = z.infer<typeof saveJourneySchema>;

// Strict configuration per node kind, checked before publishing.
const eventName = z.string({ error: "Choose an event" }).trim().min(1, "Choose an event").max(200);
const filters = z.array(propertyFilterSchema).max(20).default([]);

export const triggerConfigSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("segment_enter"), segmentId: z.string({ error: "Choose a segment" }).min(1, "Choose a segment") }),
    z.object({ kind: z.literal("segment_exit"), segmentId: z.string({ error: "Choose a segment" }).min(1, "Choose a segment") }),
    z.object({ kind: z.literal("event"), event: eventName, filters }),
  ],
  { error: "Choose what starts the journey: entering or leaving a segment, or an event" },
);
export const waitConfigSchema = z.discriminatedUnion(
  "mode",
  [
    z.object({ mode: z.literal("duration"), amount: durationSchema.shape.amount, unit: durationSchema.shape.unit }),
    z.object({ mode: z.literal("until_date"), at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "Choose a date and time") }),
    z.object({ mode: z.literal("time_of_day"), time: clock }),
    z.object({ mode: z.literal("event"), event: eventName, filters, timeout: durationSchema }),
  ],
  { error: "Choose how long to wait: a duration, until a date, until a time of day, or until an event" },
);
export const branchConfigSchema = z.object({ condition: definitionSchema });
export const splitConfigSchema = z
  .object({
    variants: z.array(z.object({ name: z.string().trim().min(1, "Name each path").max(40), percent: z.number().min(0).max(100) })).min(1, "Add at least one path").max(8, "Use at most 8 paths"),
    holdout: z.number().min(0).max(100).default(0),
  })
  .refine((s) => Math.abs(s.variants.reduce((n, v) => n + v.percent, 0) + s.holdout - 100) < 0.001, "The paths and the holdout must add up to 100%");
export const emailConfigSchema = z.object({
  subject: z.string().trim().min(1, "Write a subject").max(200),
  preheader: z.string().max(200).default(""),
  html: z.string().min(1, "Write the email").max(200_000),
  text: z.string().max(100_000).default(""),
  purpose: z.string().min(1).default("marketing_email"),
});
export const webhookConfigSchema = z.object({
  url: z.string().url("Enter the URL to call, like https://example.com/hook").refine((u) => /^https?:/i.test(u), "Use an http(s) URL"),
  headers: z.record(z.string(), z.string()).default({}),
});
export const updateTraitConfigSchema = z.object({
  trait: z.string().trim().min(1, "Name the trait to set").max(100).regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "Use letters, digits, _ and . in trait names"),
  value: z.string().max(1000).default(""),
  valueType: z.enum(["string", "number", "boolean", "date", "now"]).default("string"),
});
export const syncConfigSchema = z.object({ syncId: z.string({ error: "Choose a sync" }).min(1, "Choose a sync"), action: z.enum(["add", "remove"]) });
export const goalConfigSchema = z.object({ event: eventName, filters });
/** Next best action: the decision engine picks an offer for the profile; later steps use it as {{ offer.payload.title }}. */
export const decideConfigSchema = z.object({ placement: z.string().trim().min(1, "Name the placement, like journey-email").max(100).default("journey") });

export const CONFIG_SCHEMAS: Record<NodeKind, z.ZodType> = {
  trigger: triggerConfigSchema,
  wait: waitConfigSchema,
  branch: branchConfigSchema,
  split: splitConfigSchema,
  email: emailConfigSchema,
  webhook: webhookConfigSchema,
  update_trait: updateTraitConfigSchema,
  sync: syncConfigSchema,
  decide: decideConfigSchema,
  goal: goalConfigSchema,
  exit: z.object({}),
};

export type TriggerConfig = z.infer<typeof triggerConfigSchema>;
export type WaitConfig = z.infer<typeof waitConfigSchema>;
export type BranchConfig = z.infer<typeof branchConfigSchema>;
export type SplitConfig = z.infer<typeof splitConfigSchema>;
export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
export type UpdateTraitConfig = z.infer<typeof updateTraitConfigSchema>;
export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type GoalConfig = z.infer<typeof goalConfigSchema>;
export type DecideConfig = z.infer<typeof decideConfigSchema>;

/** The handles a node's edges leave from. */
export function handlesOf(node: Pick<GraphNode, "type" | "config">): string[] {
  switch (node.type) {
    case "branch":
      return ["yes", "no"];
    case "wait":
      return (node.config as { mode?: string }).mode === "event" ? ["event", "timeout"] : ["next"];
    case "split":
      return ((node.config as { variants?: unknown[] }).variants ?? []).map((_, i) => `v${i}`);
    case "goal":
    case "exit":
      return [];
    default:
      return ["next"];
  }
}

export const JOURNEY_STATUSES = ["draft", "published", "paused", "archived"] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];
