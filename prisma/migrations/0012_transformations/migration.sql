-- Transformations per source (versioned), and quarantine: messages a step could not handle, kept
-- with the reason until they are replayed or discarded.

CREATE TABLE "source_transformations" (
    "source_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "steps" JSONB NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "source_transformation_versions" (
    "source_id" TEXT COLLATE "C" NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
    "version" INTEGER NOT NULL,
    "steps" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("source_id", "version")
);

CREATE TABLE "quarantined_messages" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "source_id" TEXT COLLATE "C" REFERENCES "sources"("id") ON DELETE CASCADE,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "reason" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'held',
    "resolved_at" TIMESTAMPTZ(3)
);
CREATE INDEX "quarantined_messages_held_idx" ON "quarantined_messages" ("workspace_id", "source_id", "id" DESC) WHERE "status" = 'held';
