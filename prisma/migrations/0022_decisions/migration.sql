-- Next-best-action: offers (or messages) with who may get them, a priority, caps and the event that
-- counts as a conversion. Every decision is logged with why, conversions are attributed to it, the
-- counters per offer and placement feed the bandit that chooses.
CREATE TABLE "offers" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "key" TEXT COLLATE "C" NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    UNIQUE ("workspace_id", "key")
);

CREATE TABLE "decision_settings" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "exploration" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "decisions" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "profile_id" BIGINT,
    "offer_id" TEXT COLLATE "C",
    "placement" TEXT COLLATE "C" NOT NULL,
    "context" JSONB NOT NULL DEFAULT '{}',
    "explored" BOOLEAN NOT NULL DEFAULT false,
    "why" JSONB NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "converted_at" TIMESTAMPTZ(3),
    "conversion_message_id" TEXT
);
CREATE INDEX "decisions_profile_idx" ON "decisions" ("workspace_id", "profile_id", "decided_at" DESC);
CREATE INDEX "decisions_offer_idx" ON "decisions" ("offer_id", "decided_at" DESC);

-- Impressions and conversions per offer and placement: what the bandit learns from.
CREATE TABLE "offer_stats" (
    "offer_id" TEXT COLLATE "C" NOT NULL REFERENCES "offers"("id") ON DELETE CASCADE,
    "placement" TEXT COLLATE "C" NOT NULL,
    "impressions" BIGINT NOT NULL DEFAULT 0,
    "conversions" BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY ("offer_id", "placement")
);

-- How far conversion attribution has read each workspace's events.
CREATE TABLE "conversion_cursors" (
    "workspace_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "received_at" TIMESTAMPTZ(3) NOT NULL
);
