-- Activation: destinations (credentials encrypted at rest), syncs that join a segment to a
-- destination, what each destination has accepted (for diffs), run history, parked failures.

CREATE TABLE "destinations" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secrets" TEXT,
    "purpose" TEXT,
    "rate_per_second" INTEGER NOT NULL DEFAULT 10,
    "concurrency" INTEGER NOT NULL DEFAULT 2,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "destinations_workspace_idx" ON "destinations" ("workspace_id");

CREATE TABLE "syncs" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "segment_id" TEXT COLLATE "C" NOT NULL REFERENCES "segments"("id") ON DELETE CASCADE,
    "destination_id" TEXT COLLATE "C" NOT NULL REFERENCES "destinations"("id") ON DELETE CASCADE,
    "mode" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "every_minutes" INTEGER,
    "mapping" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'active',
    "next_run_at" TIMESTAMPTZ(3),
    "reconciled_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "syncs_workspace_idx" ON "syncs" ("workspace_id");
CREATE INDEX "syncs_segment_idx" ON "syncs" ("segment_id");

-- What the destination has accepted, per profile: the payload sent and its hash.
CREATE TABLE "sync_state" (
    "sync_id" TEXT COLLATE "C" NOT NULL REFERENCES "syncs"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("sync_id", "profile_id")
);

-- Profiles whose membership changed since the last real-time run.
CREATE TABLE "sync_dirty" (
    "sync_id" TEXT COLLATE "C" NOT NULL REFERENCES "syncs"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    "changed_at" TIMESTAMPTZ(3),
    PRIMARY KEY ("sync_id", "profile_id")
);

CREATE TABLE "sync_runs" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "sync_id" TEXT COLLATE "C" NOT NULL REFERENCES "syncs"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "requested_by" TEXT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    "total" INTEGER,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped_consent" INTEGER NOT NULL DEFAULT 0,
    "skipped_identifier" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "detail" JSONB
);
CREATE INDEX "sync_runs_sync_idx" ON "sync_runs" ("sync_id", "id" DESC);
CREATE INDEX "sync_runs_open_idx" ON "sync_runs" ("queued_at") WHERE "status" IN ('queued', 'running');

-- Records a destination refused or that failed after every retry, parked with the reason.
CREATE TABLE "sync_failures" (
    "sync_id" TEXT COLLATE "C" NOT NULL REFERENCES "syncs"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "op" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "run_id" BIGINT,
    "failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("sync_id", "profile_id")
);
-- One running run per sync: a second worker's claim fails instead of running it twice.
CREATE UNIQUE INDEX "sync_runs_one_running_idx" ON "sync_runs" ("sync_id") WHERE "status" = 'running';
-- Incremental syncs send the profiles written since their last run.
CREATE INDEX "profiles_workspace_updated_idx" ON "profiles" ("workspace_id", "updated_at");
