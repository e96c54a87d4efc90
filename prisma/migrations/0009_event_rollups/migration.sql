-- Events per name per hour, for trends that need no more than a count. Ingestion appends deltas in
-- its own transaction (no row is updated twice concurrently), and a worker folds them in.
CREATE TABLE "event_rollups" (
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "n" BIGINT NOT NULL,
    PRIMARY KEY ("workspace_id", "event", "hour")
);

CREATE TABLE "event_rollup_deltas" (
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "n" BIGINT NOT NULL
);
CREATE INDEX "event_rollup_deltas_ws_idx" ON "event_rollup_deltas" ("workspace_id", "event", "hour");

-- Workspaces whose rollups were built from their whole history (then kept by deltas).
CREATE TABLE "event_rollup_state" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "built_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
