import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { makeWorkspace } from "../testing/fixtures";
import { eventHealth } from ".";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

describe("health per event", () => {
  it("compares the last 24 hours with the same hours a week before and counts open anomalies, per workspace", async () => {
    const { workspace } = await makeWorkspace();
    const other = await makeWorkspace();
    const ws = workspace.id;
    const HOUR = 3_600_000;
    const hour = (ago: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR - ago * HOUR);
    await pool().query(
      `INSERT INTO event_rollups (workspace_id, event, hour, n) VALUES
        ($1, 'Page Viewed', $2, 300), ($1, 'Page Viewed', $3, 100), ($1, 'Order Completed', $2, 10), ($1, 'Order Completed', $3, 20), ($1, 'Old Event', $4, 5)`,
      [ws, hour(2), hour(7 * 24 + 2), hour(30 * 24)],
    );
    await pool().query("INSERT INTO event_rollup_deltas (workspace_id, event, hour, n) VALUES ($1, 'Page Viewed', $2, 50)", [ws, hour(1)]);
    await pool().query("INSERT INTO event_rollups (workspace_id, event, hour, n) VALUES ($1, 'Page Viewed', $2, 999)", [other.workspace.id, hour(2)]);
    await pool().query("INSERT INTO anomalies (workspace_id, kind, subject, direction, first_hour, last_hour, observed, expected, score) VALUES ($1, 'nulls', 'Order Completed.revenue', 'nulls', $2, $2, 80, 0, 0)", [ws, hour(2)]);
    expect(await eventHealth(ws)).toEqual([
      { event: "Page Viewed", last24h: 350, weekBefore: 100, violations7d: 0, openAnomalies: 0 },
      { event: "Order Completed", last24h: 10, weekBefore: 20, violations7d: 0, openAnomalies: 1 },
    ]);
  });
});
