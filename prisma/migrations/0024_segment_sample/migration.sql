-- The estimate sample of the segment preview: one profile in 64, chosen by a hash of its id (so that
-- no pattern in how ids were handed out can bias it), see lib/segments/compile.ts. Small partial
-- indexes hold just the sample, so a big workspace gets an estimate of a definition's size in a
-- fraction of a second while the exact count runs.
CREATE INDEX "profiles_sample_idx" ON "profiles" ("workspace_id", "id") WHERE "merged_into" IS NULL AND (hashint8("id") & 63) = 0;
CREATE INDEX "events_sample_idx" ON "events" ("workspace_id", "event", "ts") INCLUDE ("profile_id") WHERE (hashint8("profile_id") & 63) = 0;
