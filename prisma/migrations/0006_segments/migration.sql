-- Segments: definitions with their versions, stored membership, the change log, the timers of
-- time-based conditions, the queue of profiles touched by new data, and the PostgreSQL event bus.

CREATE TABLE "segments" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "built_version" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'building',
    "error" TEXT,
    "member_count" INTEGER NOT NULL DEFAULT 0,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "segments_workspace_idx" ON "segments" ("workspace_id", "name");

CREATE TABLE "segment_versions" (
    "segment_id" TEXT COLLATE "C" NOT NULL REFERENCES "segments"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("segment_id", "version")
);

CREATE TABLE "segment_members" (
    "segment_id" TEXT COLLATE "C" NOT NULL REFERENCES "segments"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    PRIMARY KEY ("segment_id", "profile_id")
);
CREATE INDEX "segment_members_profile_idx" ON "segment_members" ("profile_id");

CREATE TABLE "segment_changes" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "segment_id" TEXT COLLATE "C" NOT NULL REFERENCES "segments"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "entered" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    "cause" TEXT NOT NULL,
    "detail" TEXT
);
CREATE INDEX "segment_changes_segment_idx" ON "segment_changes" ("segment_id", "at");
CREATE INDEX "segment_changes_profile_idx" ON "segment_changes" ("workspace_id", "profile_id", "at");

CREATE TABLE "segment_due" (
    "segment_id" TEXT COLLATE "C" NOT NULL REFERENCES "segments"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    PRIMARY KEY ("segment_id", "profile_id")
);
CREATE INDEX "segment_due_at_idx" ON "segment_due" ("due_at");

CREATE TABLE "segment_queue" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "events" TEXT[] NOT NULL DEFAULT '{}',
    "traits" BOOLEAN NOT NULL DEFAULT false,
    "consent" BOOLEAN NOT NULL DEFAULT false,
    "everything" BOOLEAN NOT NULL DEFAULT false,
    "merged" BOOLEAN NOT NULL DEFAULT false,
    "message_id" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE "bus_messages" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "txid" XID8 NOT NULL DEFAULT pg_current_xact_id(),
    "topic" TEXT COLLATE "C" NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX "bus_messages_topic_idx" ON "bus_messages" ("topic", "txid", "id");
CREATE INDEX "bus_messages_created_idx" ON "bus_messages" ("created_at");

CREATE TABLE "bus_cursors" (
    "consumer" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "txid" XID8 NOT NULL DEFAULT '0',
    "id" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("consumer", "topic")
);
