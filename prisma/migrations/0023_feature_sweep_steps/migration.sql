-- The daily recompute of a workspace's features goes a batch of profiles at a time, remembering
-- where it is, so the features worker answers new events between batches (freshness) and a
-- restarted worker carries on where the last one stopped.
ALTER TABLE "feature_sweeps" ADD COLUMN "cursor" BIGINT;
ALTER TABLE "feature_sweeps" ADD COLUMN "started_at" TIMESTAMPTZ(3);
ALTER TABLE "feature_sweeps" ADD COLUMN "counted" INTEGER NOT NULL DEFAULT 0;
