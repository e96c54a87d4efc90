import { z } from "zod";

/**
 * A tracking plan: the events a source is expected to send, each with a JSON Schema for its
 * properties, and a JSON Schema for identify traits. Also accepted on import: a Segment Protocols
 * export (`{ rules: { events: [{ name, rules: { properties: { properties: <schema> } } }], identify } }`).
 */
export const ACTIONS = ["allow", "flag", "quarantine", "drop"] as const;
export type ViolationAction = (typeof ACTIONS)[number];
export const ACTION_LABELS: Record<ViolationAction, string> = { allow: "Allow", flag: "Allow and flag", quarantine: "Quarantine", drop: "Drop" };

const jsonSchema = z.record(z.string(), z.unknown(), { message: "A JSON Schema is an object, like { \"type\": \"object\", \"properties\": { … } }." });

export const planSchema = z.object({
  events: z
    .array(
      z.object({
        name: z.string().trim().min(1, "Every planned event needs a name.").max(200),
        description: z.string().max(2000).default(""),
        properties: jsonSchema.default({ type: "object" }),
      }),
    )
    .max(2000, "At most 2,000 events in a plan.")
    .default([]),
  identify: z.object({ traits: jsonSchema.default({ type: "object" }) }).nullable().default(null),
});
export type TrackingPlan = z.infer<typeof planSchema>;

export const savePlanSchema = z.object({
  plan: z.unknown(),
  onUnplanned: z.enum(ACTIONS, { message: "Choose what happens to events the plan does not list: allow, flag, quarantine or drop." }),
  onInvalid: z.enum(ACTIONS, { message: "Choose what happens to events that break the plan: allow, flag, quarantine or drop." }),
});

/** Our format as is; a Segment Protocols export converted. */
export function normalizePlan(input: unknown): unknown {
  const rules = (input as { rules?: { events?: unknown; identify?: unknown } } | null)?.rules;
  if (!rules || typeof rules !== "object") return input;
  const events = Array.isArray(rules.events) ? rules.events : [];
  const props = (r: unknown, key: string) => ((r as { properties?: Record<string, unknown> } | undefined)?.properties?.[key] as Record<string, unknown> | undefined) ?? { type: "object" };
  return {
    events: events.map((e: { name?: unknown; description?: unknown; rules?: unknown }) => ({ name: e.name, description: typeof e.description === "string" ? e.description : "", properties: props(e.rules, "properties") })),
    identify: rules.identify ? { traits: props(rules.identify, "traits") } : null,
  };
}
