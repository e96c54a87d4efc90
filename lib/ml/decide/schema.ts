import { z } from "zod";
import { CONSENT_PURPOSES } from "../../demo/catalog";

export const TRAIT_OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "exists", "not_exists", "in", "contains"] as const;
const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/** A condition on a trait, checked in memory at decision time (no query). */
export const traitRuleSchema = z
  .object({ trait: z.string().trim().min(1, "Choose a trait").max(200), op: z.enum(TRAIT_OPS, { error: `Choose how to compare: ${TRAIT_OPS.join(", ")}` }), value: scalar.optional(), values: z.array(scalar).max(100).optional() })
  .refine((r) => ["exists", "not_exists"].includes(r.op) || (r.op === "in" ? !!r.values?.length : r.value !== undefined), { message: "Give the value to compare with (or the list for “in”)" });
export type TraitRule = z.infer<typeof traitRuleSchema>;

/**
 * An offer (or message) a decision can return: what to show (`payload`), who may get it (in all of
 * some segments, in none of others, trait conditions, a consent purpose granted), its priority
 * (higher tiers first; the bandit chooses within the top tier), caps per profile and overall, and
 * the event that counts as a conversion within N days of the decision.
 */
export const offerSchema = z.object({
  key: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Give a short key in lower case, like free-shipping (the decision API returns it)"),
  name: z.string().trim().min(1, "Name the offer, like “Free shipping over €50”").max(120),
  description: z.string().trim().max(1000).default(""),
  payload: z.record(z.string(), z.unknown()).default({}),
  eligibility: z
    .object({
      segments: z.array(z.string()).max(20).default([]),
      excludeSegments: z.array(z.string()).max(20).default([]),
      traits: z.array(traitRuleSchema).max(20).default([]),
      consent: z.enum(CONSENT_PURPOSES).nullable().default(null),
    })
    .default({ segments: [], excludeSegments: [], traits: [], consent: null }),
  priority: z.number().int("Use a whole number").min(1, "Priority goes from 1 to 10").max(10, "Priority goes from 1 to 10").default(5),
  caps: z
    .object({
      perProfile: z.object({ max: z.number().int().min(1, "Allow at least 1"), days: z.number().int().min(1).max(365) }).nullable().default(null),
      total: z.number().int().min(1).nullable().default(null),
    })
    .default({ perProfile: null, total: null }),
  conversion: z.object({ event: z.string().trim().min(1, "Choose the event that counts as a conversion").max(200), windowDays: z.number().int().min(1).max(90).default(7) }),
});
export type OfferInput = z.infer<typeof offerSchema>;

export const decisionSettingsSchema = z.object({ exploration: z.number({ message: "Say what share of decisions explore" }).min(0, "At least 0%").max(0.5, "At most 50%") });

/** A decision request: who (one identifier) and the context (`placement` says where the offer will show). */
export const decideRequestSchema = z
  .object({
    userId: z.string().trim().min(1).max(320).optional(),
    anonymousId: z.string().trim().min(1).max(320).optional(),
    email: z.string().trim().min(1).max(320).optional(),
    context: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((r) => r.userId || r.anonymousId || r.email, { message: "Send who the decision is for: userId, anonymousId or email" });
export type DecideRequest = z.infer<typeof decideRequestSchema>;

/** Whether a trait value meets a rule (text compared without case; numbers as numbers). */
export function ruleHolds(rule: TraitRule, traits: Record<string, unknown>): boolean {
  const v = traits[rule.trait];
  const present = v !== undefined && v !== null && v !== "";
  if (rule.op === "exists") return present;
  if (rule.op === "not_exists") return !present;
  if (!present) return rule.op === "neq";
  const text = (x: unknown) => String(x).toLowerCase();
  const n = Number(v);
  const target = Number(rule.value);
  switch (rule.op) {
    case "eq":
      return text(v) === text(rule.value);
    case "neq":
      return text(v) !== text(rule.value);
    case "in":
      return (rule.values ?? []).some((x) => text(x) === text(v));
    case "contains":
      return text(v).includes(text(rule.value));
    default:
      if (!Number.isFinite(n) || !Number.isFinite(target)) return false;
      return rule.op === "gt" ? n > target : rule.op === "gte" ? n >= target : rule.op === "lt" ? n < target : n <= target;
  }
}
