-- Segment timers, one row per profile instead of one per segment and profile: for each segment whose
-- answer the clock alone can change for the profile, the moment it next can (epoch milliseconds), and
-- the earliest of them. A live pass writes one row per profile it evaluated (it wrote one row per
-- segment and profile before, the largest cost of a pass).
CREATE TABLE "segment_timers" (
    "profile_id" BIGINT PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "dues" JSONB NOT NULL DEFAULT '{}',
    "due_at" TIMESTAMPTZ(3)
);
CREATE INDEX "segment_timers_due_idx" ON "segment_timers" ("due_at") WHERE "due_at" IS NOT NULL;
CREATE INDEX "segment_timers_workspace_idx" ON "segment_timers" ("workspace_id");

INSERT INTO "segment_timers" ("profile_id", "workspace_id", "dues", "due_at")
SELECT "profile_id", min("workspace_id"), jsonb_object_agg("segment_id", (extract(epoch FROM "due_at") * 1000)::bigint), min("due_at")
  FROM "segment_due" GROUP BY "profile_id";

DROP TABLE "segment_due";
