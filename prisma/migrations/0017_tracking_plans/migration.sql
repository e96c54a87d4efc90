-- Data quality: a tracking plan per source (the expected events with JSON Schema for their
-- properties, and for identify traits), what to do with each kind of violation, and the violations
-- counted per day, event and property with an example.

CREATE TABLE "tracking_plans" (
    "source_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "plan" JSONB NOT NULL,
    "on_unplanned" TEXT NOT NULL DEFAULT 'flag',
    "on_invalid" TEXT NOT NULL DEFAULT 'quarantine',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "plan_violations" (
    "source_id" TEXT COLLATE "C" NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "day" DATE NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL,
    "path" TEXT COLLATE "C" NOT NULL,
    "kind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL,
    "example" JSONB,
    "last_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("source_id", "day", "event", "path", "kind")
);
CREATE INDEX "plan_violations_workspace_idx" ON "plan_violations" ("workspace_id", "day" DESC);
