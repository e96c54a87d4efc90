-- Webhook sources: how a source's incoming JSON or form posts map to events or traits, how the
-- sender signs them (the secret encrypted), and the payloads received (for previews and replays).

CREATE TABLE "webhook_sources" (
    "source_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "preset" TEXT,
    "mapping" JSONB,
    "signature" JSONB NOT NULL DEFAULT '{"scheme": "none"}',
    "secret" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "webhook_samples" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "source_id" TEXT COLLATE "C" NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
    "workspace_id" TEXT COLLATE "C" NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "content_type" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT
);
CREATE INDEX "webhook_samples_source_idx" ON "webhook_samples" ("source_id", "id" DESC);
