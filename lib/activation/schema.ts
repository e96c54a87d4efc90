import { z } from "zod";

export const SYNC_MODES = ["mirror", "add_only", "upsert"] as const;
export type SyncMode = (typeof SYNC_MODES)[number];
export const MODE_LABELS: Record<SyncMode, string> = {
  mirror: "Mirror: add members, update changes, remove those who leave",
  add_only: "Add only: add new members, never update or remove",
  upsert: "Upsert traits: add and update members, never remove",
};

export const SYNC_TRIGGERS = ["realtime", "schedule"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
/** How often a real-time sync also sends trait and consent changes (an incremental run). */
export const RECONCILE_MINUTES = 15;
/** A full diff of the whole audience at least this often; runs in between are incremental. */
export const FULL_EVERY_HOURS = 24;

export const RUN_KINDS = ["full", "incremental", "realtime", "retry"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Where a mapped value comes from: the profile id, an identity, or a trait path. */
export const MAPPING_SOURCE = /^(profile_id|user_id|anonymous_id|email_identity|traits\.[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*)$/;

export const mappingSchema = z
  .array(
    z.object({
      from: z.string().regex(MAPPING_SOURCE, "Map from profile_id, user_id, anonymous_id, email_identity or traits.<name>"),
      to: z.string().trim().min(1, "Name the destination field").max(64, "Destination field names are at most 64 characters"),
    }),
  )
  .min(1, "Map at least one field")
  .max(50, "At most 50 mapped fields")
  .refine((m) => new Set(m.map((x) => x.to)).size === m.length, "Each destination field may appear only once");
export type Mapping = z.infer<typeof mappingSchema>;

const purpose = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "A consent purpose is lower-case letters, digits and _ (like marketing_email)").nullable();

export const saveDestinationSchema = z.object({
  kind: z.string().min(1),
  name: z.string().trim().min(1, "Give the destination a name").max(120),
  config: z.record(z.string(), z.string().max(4000)).default({}),
  /** Secrets to set; a field left out (or empty) keeps its stored value. */
  secrets: z.record(z.string(), z.string().max(8000)).default({}),
  purpose: purpose.default(null),
  ratePerSecond: z.coerce.number().int().min(1, "At least 1 request a second").max(1000, "At most 1000 requests a second").default(20),
  concurrency: z.coerce.number().int().min(1, "At least 1 request at a time").max(16, "At most 16 requests at a time").default(2),
});
export type SaveDestinationInput = z.infer<typeof saveDestinationSchema>;

export const saveSyncSchema = z
  .object({
    segmentId: z.string().min(1, "Choose a segment"),
    destinationId: z.string().min(1, "Choose a destination"),
    mode: z.enum(SYNC_MODES),
    trigger: z.enum(SYNC_TRIGGERS),
    everyMinutes: z.coerce.number().int().min(5, "Schedules run at most every 5 minutes").max(10080, "Schedules run at least weekly").nullable().default(null),
    mapping: mappingSchema,
  })
  .refine((s) => s.trigger !== "schedule" || s.everyMinutes !== null, { message: "Say how often the schedule runs", path: ["everyMinutes"] });
export type SaveSyncInput = z.infer<typeof saveSyncSchema>;

export const previewSyncSchema = z.object({ segmentId: z.string().min(1), destinationId: z.string().min(1), mapping: mappingSchema, profileId: z.string().regex(/^\d+$/).optional() });
export type PreviewSyncInput = z.infer<typeof previewSyncSchema>;
