-- The people of a workspace known by a user id, counted for its home page from the index alone.
CREATE INDEX "identities_known_idx" ON "identities" ("workspace_id", "profile_id") WHERE "kind" = 'user_id';
