-- The data catalog: what people wrote about each event, property and trait (description, owner,
-- tags, PII class). What is observed (types, examples, volume, first and last seen) comes from the data.

CREATE TABLE "catalog_entries" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "event" TEXT COLLATE "C" NOT NULL DEFAULT '',
    "field" TEXT COLLATE "C" NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "owner_user_id" TEXT,
    "team" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[] NOT NULL DEFAULT '{}',
    "pii" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("workspace_id", "kind", "event", "field")
);
