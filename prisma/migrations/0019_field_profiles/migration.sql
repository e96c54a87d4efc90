-- What each event's properties usually look like, learned hour by hour by the quality worker: the
-- JSON types seen, when first and last seen, and the usual share of events where it is missing or
-- null. New properties, new types and sudden null shares become anomalies.

CREATE TABLE "event_field_profiles" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "event" TEXT COLLATE "C" NOT NULL,
    "field" TEXT COLLATE "C" NOT NULL,
    "types" TEXT[] NOT NULL DEFAULT '{}',
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "null_share" DOUBLE PRECISION,
    "hours" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("workspace_id", "event", "field")
);

-- Each segment's size at each hour the quality worker looked: sudden jumps become anomalies.
CREATE TABLE "segment_size_history" (
    "segment_id" TEXT COLLATE "C" NOT NULL REFERENCES "segments"("id") ON DELETE CASCADE,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "members" INTEGER NOT NULL,
    PRIMARY KEY ("segment_id", "hour")
);
