-- Event counts per hour and value of a property, for the (event, property) pairs a workspace breaks
-- its saved insights down by. A pair moves requested -> collecting (ingestion appends deltas) ->
-- ready (history counted), or too_many when it has more values than a breakdown can show.
CREATE TABLE "breakdown_rollup_pairs" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "event" TEXT COLLATE "C" NOT NULL,
    "property" TEXT COLLATE "C" NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "value_count" INT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "built_at" TIMESTAMPTZ(3),
    PRIMARY KEY ("workspace_id", "event", "property")
);

CREATE TABLE "breakdown_rollups" (
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "property" TEXT COLLATE "C" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" TEXT NOT NULL,
    "n" BIGINT NOT NULL,
    PRIMARY KEY ("workspace_id", "event", "property", "hour", "value")
);

CREATE TABLE "breakdown_rollup_deltas" (
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "property" TEXT COLLATE "C" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" TEXT NOT NULL,
    "n" BIGINT NOT NULL
);
CREATE INDEX "breakdown_rollup_deltas_ws_idx" ON "breakdown_rollup_deltas" ("workspace_id", "event", "property", "hour");
