-- Anomalies found by the quality worker: an event's volume in an hour far from its own seasonal
-- baseline. One open anomaly per subject at a time, updated while it lasts, resolved when the
-- volume is back to normal (or dismissed by a person).

CREATE TABLE "anomalies" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "subject" TEXT COLLATE "C" NOT NULL,
    "direction" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "first_hour" TIMESTAMPTZ(3) NOT NULL,
    "last_hour" TIMESTAMPTZ(3) NOT NULL,
    "observed" DOUBLE PRECISION NOT NULL,
    "expected" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "closed_at" TIMESTAMPTZ(3),
    "closed_by" TEXT
);
CREATE UNIQUE INDEX "anomalies_open_idx" ON "anomalies" ("workspace_id", "kind", "subject") WHERE "status" = 'open';
CREATE INDEX "anomalies_workspace_idx" ON "anomalies" ("workspace_id", "opened_at" DESC);

-- When the quality worker last judged each workspace's hours.
CREATE TABLE "anomaly_checks" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "last_hour" TIMESTAMPTZ(3) NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- The circuit breaker of a sync: hold its changes when its segment's size jumps or an anomaly is
-- open, until a person releases or discards them.
ALTER TABLE "syncs" ADD COLUMN "breaker" JSONB;
ALTER TABLE "syncs" ADD COLUMN "held_reason" TEXT;
ALTER TABLE "sync_runs" ADD COLUMN "bypass_breaker" BOOLEAN NOT NULL DEFAULT false;

-- Where anomaly alerts go besides the app: a webhook and email addresses.
CREATE TABLE "quality_alerts" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "webhook_url" TEXT,
    "emails" TEXT[] NOT NULL DEFAULT '{}',
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
ALTER TABLE "anomalies" ADD COLUMN "alerted" JSONB;
