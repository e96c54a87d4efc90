-- The feature store: per-profile features defined by the workspace (counts and sums of events over
-- windows, recency, frequency, trait values, ratios), computed point-in-time correct for training
-- and kept fresh online (one row per profile) by the ml worker as events arrive.
CREATE TABLE "feature_definitions" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "name" TEXT COLLATE "C" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "definition" JSONB NOT NULL,
    "events" TEXT[] NOT NULL DEFAULT '{}',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    UNIQUE ("workspace_id", "name")
);

CREATE TABLE "profile_features" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "features" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    PRIMARY KEY ("workspace_id", "profile_id")
);

-- Profiles whose events some feature reads, queued by ingestion in its transaction.
CREATE TABLE "feature_queue" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- When each workspace's features were last recomputed for everyone (windows age with the clock).
CREATE TABLE "feature_sweeps" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "swept_at" TIMESTAMPTZ(3) NOT NULL,
    "profiles" INTEGER NOT NULL DEFAULT 0
);

-- Models: what they predict (a propensity to do an event, churn, or a label column of imported
-- profiles), from which features and traits, and the trait their scores are written to.
CREATE TABLE "models" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "score_trait" TEXT COLLATE "C" NOT NULL,
    "current_version" INTEGER,
    "last_scored_at" TIMESTAMPTZ(3),
    "scored_profiles" INTEGER NOT NULL DEFAULT 0,
    "drift" JSONB,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    UNIQUE ("workspace_id", "name"),
    UNIQUE ("workspace_id", "score_trait")
);

-- Every trained version with its metrics. The current one is the champion, a newer one replaces it
-- only when at least as good on the same recent data.
CREATE TABLE "model_versions" (
    "model_id" TEXT COLLATE "C" NOT NULL REFERENCES "models"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "params" JSONB NOT NULL,
    "baseline" JSONB NOT NULL,
    "comparison" JSONB,
    "trained_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "duration_ms" INTEGER NOT NULL,
    PRIMARY KEY ("model_id", "version")
);

-- Training and scoring work for the ml worker, with progress for the page.
CREATE TABLE "model_jobs" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "model_id" TEXT COLLATE "C" NOT NULL REFERENCES "models"("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "stage" TEXT NOT NULL DEFAULT 'Waiting for a worker',
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "started_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "version" INTEGER
);
CREATE INDEX "model_jobs_open_idx" ON "model_jobs" ("status", "id") WHERE "status" IN ('queued', 'running');
CREATE INDEX "model_jobs_model_idx" ON "model_jobs" ("model_id", "id" DESC);
