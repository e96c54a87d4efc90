-- Worker processes sharing the partitions of a NATS JetStream consumer (BUS=nats). A member is alive
-- while its own PostgreSQL session is: the row names that session (pid and start time), so a process
-- that dies leaves at once and the others take its partitions over. Each partition is held with a
-- session advisory lock on the same connection, so two members never read one partition together.
CREATE TABLE "bus_members" (
    "group_name" TEXT COLLATE "C" NOT NULL,
    "member" TEXT COLLATE "C" NOT NULL,
    "backend_pid" INTEGER NOT NULL,
    "backend_start" TIMESTAMPTZ NOT NULL,
    "joined_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY ("group_name", "member")
);
