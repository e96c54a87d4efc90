-- Governance and privacy: consent history, data subject requests (access and erasure) with their
-- exports, suppression of erased identifiers, and retention policies with what each run removed.

-- Every change of a profile's consent for a purpose: when, from where, on which legal basis.
CREATE TABLE "consent_changes" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "profile_id" BIGINT NOT NULL,
    "purpose" TEXT NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL DEFAULT 'consent',
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "consent_changes_profile_idx" ON "consent_changes" ("workspace_id", "profile_id", "at" DESC);

-- Access and erasure requests. The identifier in plain text is kept only while the request waits
-- (to find the person), afterwards only a masked hint and hashes remain.
CREATE TABLE "privacy_requests" (
    "id" TEXT COLLATE "C" PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "identifier_kind" TEXT NOT NULL,
    "identifier" TEXT,
    "identifier_hint" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "requested_by" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT
);
CREATE INDEX "privacy_requests_workspace_idx" ON "privacy_requests" ("workspace_id", "received_at" DESC);
CREATE INDEX "privacy_requests_pending_idx" ON "privacy_requests" ("received_at") WHERE "status" IN ('pending', 'running');

-- What an access request found, to download until it expires.
CREATE TABLE "privacy_exports" (
    "request_id" TEXT COLLATE "C" PRIMARY KEY REFERENCES "privacy_requests"("id") ON DELETE CASCADE,
    "content" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "expires_at" TIMESTAMPTZ(3) NOT NULL
);

-- Identifiers of erased people, as SHA-256 hashes: ingestion drops their messages unless they come
-- back with a consent granted.
CREATE TABLE "privacy_suppressions" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "value_hash" TEXT COLLATE "C" NOT NULL,
    "kind" TEXT NOT NULL,
    "request_id" TEXT COLLATE "C",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "last_blocked_at" TIMESTAMPTZ(3),
    PRIMARY KEY ("workspace_id", "value_hash")
);

-- How long events are kept: a workspace default (event '') and per event name.
CREATE TABLE "retention_policies" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "event" TEXT COLLATE "C" NOT NULL DEFAULT '',
    "keep_days" INTEGER NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("workspace_id", "event")
);

CREATE TABLE "retention_runs" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "removed" JSONB NOT NULL DEFAULT '{}',
    "total" BIGINT NOT NULL DEFAULT 0,
    "partitions_dropped" TEXT[] NOT NULL DEFAULT '{}'
);
CREATE INDEX "retention_runs_workspace_idx" ON "retention_runs" ("workspace_id", "finished_at" DESC);

-- API keys that may read personal data unmasked (for personalisation from a trusted server).
ALTER TABLE "api_keys" ADD COLUMN "unmasked_pii" BOOLEAN NOT NULL DEFAULT false;

-- Consent already held becomes the first entry of each profile's history.
INSERT INTO "consent_changes" ("workspace_id", "profile_id", "purpose", "granted", "at", "source")
SELECT p."workspace_id", p."id", k, (p."consent" -> k ->> 'granted')::boolean, coalesce((p."consent" -> k ->> 'at')::timestamptz, p."created_at"), coalesce(p."consent" -> k ->> 'source', 'before history was kept')
  FROM "profiles" p CROSS JOIN LATERAL jsonb_object_keys(p."consent") k
 WHERE p."merged_into" IS NULL AND jsonb_typeof(p."consent" -> k) = 'object' AND (p."consent" -> k ->> 'granted') IN ('true', 'false');
