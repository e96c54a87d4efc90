-- Every live pass reads the memberships of the profiles it evaluates. A profile's rows lie on as
-- many heap pages as it has segments (rows are written segment by segment), so the read visited a
-- page per membership. With the segment in the index, it is read from the index alone.
CREATE INDEX IF NOT EXISTS "segment_members_profile_segment_idx" ON "segment_members" ("profile_id") INCLUDE ("segment_id");
DROP INDEX IF EXISTS "segment_members_profile_idx";
