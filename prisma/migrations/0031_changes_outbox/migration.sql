-- The membership change log is its own outbox: consumers of the segment.membership topic read the
-- changes from segment_changes (lib/bus/postgres.ts readBatch), ordered by the writing transaction's
-- id as outbox messages are, instead of a second copy of every change in bus_messages (a burst of
-- events writes thousands of changes a second). Rows written before keep a NULL transaction id:
-- they were published through bus_messages.
ALTER TABLE "segment_changes" ADD COLUMN "version" integer;
ALTER TABLE "segment_changes" ADD COLUMN "txid" xid8;
ALTER TABLE "segment_changes" ALTER COLUMN "txid" SET DEFAULT pg_current_xact_id();
CREATE INDEX "segment_changes_txid_idx" ON "segment_changes" ("txid", "id") WHERE "txid" IS NOT NULL;
