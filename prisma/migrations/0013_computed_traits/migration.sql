-- Computed traits: profile attributes aggregated from events, stored in the profile's traits and
-- kept fresh by the traits worker (profiles whose events they read are queued by ingestion).

CREATE TABLE "computed_traits" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "name" TEXT COLLATE "C" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "definition" JSONB NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'building',
    "built_at" TIMESTAMPTZ(3),
    "profiles_with_value" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    UNIQUE ("workspace_id", "name")
);
CREATE INDEX "computed_traits_event_idx" ON "computed_traits" ("workspace_id", "event");

CREATE TABLE "computed_queue" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp()
);
