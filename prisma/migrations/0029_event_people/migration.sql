-- Who did each event in each hour (UTC), with the first time in that hour: unique people and a
-- funnel's first step read it instead of every event. Rows are only appended (ingestion, in the
-- transaction that stores the events), so a person-hour may have several rows: every reader takes
-- the least first_ts or the distinct people, which repeats do not change.
CREATE TABLE "event_people" (
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX "event_people_hour_idx" ON "event_people" ("workspace_id", "event", "hour") INCLUDE ("profile_id", "first_ts");
CREATE INDEX "event_people_profile_idx" ON "event_people" ("profile_id");

-- Workspaces whose history is in event_people (then kept by ingestion).
CREATE TABLE "event_people_state" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "built_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
