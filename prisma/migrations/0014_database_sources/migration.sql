-- Database sources: a table or query of another PostgreSQL database read incrementally by a cursor
-- column on a schedule into traits or events (the connection string encrypted), with run history.

CREATE TABLE "database_sources" (
    "source_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "connection" TEXT,
    "config" JSONB NOT NULL,
    "cursor" TEXT,
    "every_minutes" INTEGER NOT NULL DEFAULT 60,
    "next_run_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "database_sources_due_idx" ON "database_sources" ("next_run_at");

CREATE TABLE "database_source_runs" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "source_id" TEXT COLLATE "C" NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "finished_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'running',
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "cursor_from" TEXT,
    "cursor_to" TEXT,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT
);
CREATE INDEX "database_source_runs_source_idx" ON "database_source_runs" ("source_id", "id" DESC);
