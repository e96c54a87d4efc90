-- Journeys: versioned graphs, each profile's durable place in them, what they sent (with an
-- idempotency key per state step), the trace of every step, and the events they listen for.

CREATE TABLE "journeys" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "draft" JSONB NOT NULL,
    "version" INTEGER,
    "draft_changed" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "journeys_workspace_idx" ON "journeys" ("workspace_id");

CREATE TABLE "journey_versions" (
    "journey_id" TEXT COLLATE "C" NOT NULL REFERENCES "journeys"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "graph" JSONB NOT NULL,
    "settings" JSONB NOT NULL,
    "published_by" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("journey_id", "version")
);

-- What running journeys listen for: segment entries and exits, event names. Rebuilt on publish,
-- pause and archive, and ingestion copies matching events into the inbox.
CREATE TABLE "journey_listeners" (
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "journey_id" TEXT COLLATE "C" NOT NULL REFERENCES "journeys"("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "segment_id" TEXT COLLATE "C",
    "event" TEXT COLLATE "C"
);
CREATE INDEX "journey_listeners_event_idx" ON "journey_listeners" ("workspace_id", "event");
CREATE INDEX "journey_listeners_segment_idx" ON "journey_listeners" ("segment_id");
CREATE INDEX "journey_listeners_journey_idx" ON "journey_listeners" ("journey_id");

CREATE TABLE "journey_inbox" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "message_id" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "properties" JSONB,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp()
);

-- One row per entry of a profile into a journey, at most one active per (journey, profile).
CREATE TABLE "journey_states" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "journey_id" TEXT COLLATE "C" NOT NULL REFERENCES "journeys"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "node_id" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'ready',
    "step" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMPTZ(3),
    "wait_event" TEXT COLLATE "C",
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "context" JSONB NOT NULL DEFAULT '{}',
    "entered_at" TIMESTAMPTZ(3) NOT NULL,
    "node_entered_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT
);
CREATE UNIQUE INDEX "journey_states_active_idx" ON "journey_states" ("journey_id", "profile_id") WHERE "status" = 'active';
CREATE INDEX "journey_states_due_idx" ON "journey_states" ("due_at") WHERE "status" = 'active';
CREATE INDEX "journey_states_profile_idx" ON "journey_states" ("profile_id", "journey_id");
CREATE INDEX "journey_states_node_idx" ON "journey_states" ("journey_id", "node_id") WHERE "status" = 'active';

-- Outward actions (email, webhook) keyed by (state, step): written before the side effect,
-- marked after, and a crash in between is never sent again.
CREATE TABLE "journey_messages" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "journey_id" TEXT COLLATE "C" NOT NULL REFERENCES "journeys"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "node_id" TEXT NOT NULL,
    "state_id" BIGINT NOT NULL,
    "step" INTEGER NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "recipient" TEXT,
    "subject" TEXT,
    "token" TEXT COLLATE "C" NOT NULL UNIQUE,
    "provider_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "opened_at" TIMESTAMPTZ(3),
    "clicked_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),
    "bounced_at" TIMESTAMPTZ(3),
    UNIQUE ("state_id", "step")
);
CREATE INDEX "journey_messages_cap_idx" ON "journey_messages" ("workspace_id", "profile_id", "created_at") WHERE "channel" = 'email';
CREATE INDEX "journey_messages_journey_idx" ON "journey_messages" ("journey_id", "node_id");

-- The trace: every step a state took, why, when it was due, and when it was written (latency).
CREATE TABLE "journey_steps" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "journey_id" TEXT COLLATE "C" NOT NULL REFERENCES "journeys"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "state_id" BIGINT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "node_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "handle" TEXT,
    "next_node_id" TEXT,
    "detail" TEXT,
    "due_at" TIMESTAMPTZ(3),
    "at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX "journey_steps_state_idx" ON "journey_steps" ("state_id", "id");
CREATE INDEX "journey_steps_journey_idx" ON "journey_steps" ("journey_id", "node_id", "kind", "handle");

-- Per-workspace SMTP server (the password encrypted), without one SMTP_URL is used.
CREATE TABLE "workspace_smtp" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "secure" BOOLEAN NOT NULL DEFAULT false,
    "username" TEXT,
    "password" TEXT,
    "from_email" TEXT NOT NULL,
    "from_name" TEXT NOT NULL DEFAULT '',
    "reply_to" TEXT,
    "max_connections" INTEGER NOT NULL DEFAULT 16,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Profiles a journey added to or removed from a sync's audience, beside its segment.
CREATE TABLE "sync_overrides" (
    "sync_id" TEXT COLLATE "C" NOT NULL REFERENCES "syncs"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "include" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("sync_id", "profile_id")
);
