import { z } from "zod";
import { propertyFilterSchema } from "../../segments/schema";
import { ALGORITHMS } from "../train";

export const MODEL_KINDS = ["propensity", "churn", "label"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

const snake = (example: string) => z.string().trim().regex(/^[a-z][a-z0-9_]{0,62}$/, `Name it in snake_case, like ${example}`);
const horizonDays = z.number({ message: "Say within how many days" }).int("Use whole days").min(1, "Use at least 1 day").max(365, "Use at most 365 days");

/**
 * What a model predicts. Propensity: will the profile perform an event within N days. Churn: will an
 * active profile (an event in the last `activeDays`) do nothing (or not the activity event) within N
 * days. Label: a trait of imported profiles says the answer (churned = Yes), the rest predict it.
 */
export const targetSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("propensity"), event: z.string().trim().min(1, "Choose the event to predict").max(200), filters: z.array(propertyFilterSchema).max(10).default([]), horizonDays }),
    z.object({ kind: z.literal("churn"), activityEvent: z.string().trim().min(1).max(200).default("*"), activeDays: z.number().int().min(1).max(365).default(30), horizonDays }),
    z.object({ kind: z.literal("label"), trait: z.string().trim().min(1, "Choose the trait that holds the answer").max(200), positive: z.string().trim().min(1, "Say which value counts as yes, like true or Yes").max(200) }),
  ],
  { error: "Choose what the model predicts: propensity, churn or a label" },
);
export type Target = z.infer<typeof targetSchema>;

export const modelSchema = z
  .object({
    name: z.string().trim().min(1, "Name the model, like “Churn risk”").max(120),
    description: z.string().trim().max(1000).default(""),
    target: targetSchema,
    features: z.array(z.string()).max(200, "Use at most 200 features").default([]),
    traits: z.array(z.string().trim().min(1).max(200)).max(200, "Use at most 200 traits").default([]),
    algorithm: z.enum(ALGORITHMS).default("auto"),
    scoreTrait: snake("churn_risk"),
    retrainEveryDays: z.number().int().min(1).max(365).nullable().default(7),
    driftThreshold: z.number().min(0.05).max(2).default(0.25),
  })
  .refine((m) => m.features.length + m.traits.length > 0, { message: "Choose at least one feature or trait to learn from", path: ["features"] })
  .refine((m) => m.target.kind !== "label" || !m.traits.includes(m.target.trait), { message: "The answer cannot also be an input: remove the label trait from the traits", path: ["traits"] })
  .refine((m) => m.target.kind !== "label" || m.scoreTrait !== m.target.trait, { message: "Write the score to another trait than the answer", path: ["scoreTrait"] });
export type ModelInput = z.infer<typeof modelSchema>;
