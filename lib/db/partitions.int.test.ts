import { afterAll, describe, expect, it } from "vitest";
import { closePool, pool } from "./pool";
import { ensureEventPartitions, ensurePartitionsAhead } from "./partitions";

afterAll(closePool);

describe("event partitions in PostgreSQL", () => {
  it("creates the months ahead once, even when asked concurrently", async () => {
    const now = new Date("2031-06-15T00:00:00Z");
    const [a, b] = await Promise.all([ensurePartitionsAhead(pool(), now), ensurePartitionsAhead(pool(), now)]);
    const made = new Set([...a, ...b]);
    expect([...made].sort()).toEqual(["events_p2031_05", "events_p2031_06", "events_p2031_07", "events_p2031_08", "events_p2031_09"]);
    expect(await ensurePartitionsAhead(pool(), now)).toEqual([]);
  });
  it("routes an event into its month", async () => {
    await ensureEventPartitions(pool(), new Date("2031-02-01T00:00:00Z"), new Date("2031-02-28T00:00:00Z"));
    await pool().query("INSERT INTO events (workspace_id, message_id, type, ts) VALUES ('ws-partition-test', 'm1', 'track', '2031-02-10T10:00:00Z')");
    const { rows } = await pool().query("SELECT tableoid::regclass::text AS part FROM events WHERE workspace_id = 'ws-partition-test'");
    expect(rows).toEqual([{ part: "events_p2031_02" }]);
  });
  it("refuses an event for a month without a partition (the writer must ensure it first)", async () => {
    await expect(pool().query("INSERT INTO events (workspace_id, message_id, type, ts) VALUES ('ws-partition-test', 'm2', 'track', '2040-01-01T00:00:00Z')")).rejects.toMatchObject({ code: "23514" });
  });
});
