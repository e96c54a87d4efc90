-- Cheaper writes for every live membership change (a burst of events can bring thousands a second).
-- Memberships and the change log no longer check each inserted row against segments (a foreign
-- key looks up and key-share locks the segment row once per row, and two lanes locking the same
-- rows make multixacts): the live engine only writes for segments it loaded under the workspace's
-- segment lock, which deleting a segment takes too. Deleting segments still removes their members
-- and changes, set-wise, by the statement trigger segments_deleted (lib/db/functions.ts).
ALTER TABLE "segment_members" DROP CONSTRAINT "segment_members_segment_id_fkey";
ALTER TABLE "segment_changes" DROP CONSTRAINT "segment_changes_segment_id_fkey";

-- The outbox is pruned by age: a BRIN index (rows arrive in time order) costs next to nothing per
-- message, where the B-tree took an index insertion for each.
DROP INDEX "bus_messages_created_idx";
CREATE INDEX "bus_messages_created_brin" ON "bus_messages" USING brin ("created_at");
