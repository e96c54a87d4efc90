-- Events per source and hour (by event time), kept by the quality worker: each source's volume is
-- judged against its own seasonal baseline, so a broken tag on one site shows even when the event
-- names it sends are also sent by others.
CREATE TABLE "source_hour_counts" (
    "workspace_id" TEXT COLLATE "C" NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
    "source_id" TEXT COLLATE "C" NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "n" BIGINT NOT NULL,
    PRIMARY KEY ("workspace_id", "source_id", "hour")
);

-- The values a property usually takes, for properties with few of them (a currency, a plan, a
-- country): a sudden share of values never seen before is an anomaly. NULL while not learned yet,
-- and many_values once the property proved to take too many values to watch this way.
ALTER TABLE "event_field_profiles" ADD COLUMN "known_values" TEXT[];
ALTER TABLE "event_field_profiles" ADD COLUMN "many_values" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "event_field_profiles" ADD COLUMN "value_hours" INTEGER NOT NULL DEFAULT 0;

-- The circuit breaker of a journey: entries keep arriving but nobody moves on (nothing is sent)
-- while it is held, until a person releases or discards the held entries.
ALTER TABLE "journeys" ADD COLUMN "breaker" JSONB;
ALTER TABLE "journeys" ADD COLUMN "held_reason" TEXT;
ALTER TABLE "journeys" ADD COLUMN "held_at" TIMESTAMPTZ(3);
ALTER TABLE "journeys" ADD COLUMN "breaker_released_at" TIMESTAMPTZ(3);
