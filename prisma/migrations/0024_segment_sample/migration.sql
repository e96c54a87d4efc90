-- The estimate sample of the segment preview: one profile in 64 (id % 64 = 0, see lib/segments/compile.ts).
-- Small partial indexes hold just the sample, so a big workspace gets an estimate of a definition's size
-- in a fraction of a second while the exact count runs.
CREATE INDEX "profiles_sample_idx" ON "profiles" ("workspace_id", "id") WHERE "merged_into" IS NULL AND ("id" % 64) = 0;
CREATE INDEX "events_sample_idx" ON "events" ("workspace_id", "event", "ts") INCLUDE ("profile_id") WHERE ("profile_id" % 64) = 0;
