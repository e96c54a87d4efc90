import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { buildNextRollup } from "../analytics/rollups";
import { dailyEvents, workspaceOverview } from "./overview";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

describe("workspace overview", () => {
  it("counts profiles, known profiles and recent events, and lists every day with its events", async () => {
    const { workspace } = await makeWorkspace();
    const other = await makeWorkspace();
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const msgs = [
      { type: "identify", userId: "known-1", anonymousId: uniq("a"), timestamp: daysAgo(0) },
      { type: "track", userId: "known-1", event: "Order Completed", timestamp: daysAgo(0) },
      { type: "track", anonymousId: uniq("anon"), event: "Product Viewed", timestamp: daysAgo(3) },
      { type: "track", anonymousId: uniq("anon"), event: "Product Viewed", timestamp: daysAgo(20) },
    ].map((m) => parseMessage({ ...m, messageId: uniq("m") }, { receivedAt: now }));
    await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: msgs });
    await ingestMessages({ workspaceId: other.workspace.id, sourceId: null, messages: [parseMessage({ type: "track", anonymousId: "x", event: "Elsewhere", messageId: uniq("m") }, { receivedAt: now })] });

    // Every call with a name (not the identify call), from the events and the same from the hourly rollups.
    for (const rollups of [false, true]) {
      if (rollups) expect(await buildNextRollup({ workspaceId: workspace.id })).toBe(true);
      expect(await workspaceOverview({ workspaceId: workspace.id })).toEqual({ profiles: 3, knownProfiles: 1, events7d: 2, sources: 0 });
      const days = await dailyEvents({ workspaceId: workspace.id, days: 30 });
      expect(days).toHaveLength(30);
      expect(days.reduce((s, d) => s + d.events, 0)).toBe(3);
      expect(days[29]!.day).toBe(now.toISOString().slice(0, 10));
      expect(days[29]!.events).toBe(1);
    }
    // New events reach the rollups' numbers at once (as deltas).
    await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: [parseMessage({ type: "track", userId: "known-1", event: "Order Completed", timestamp: daysAgo(0), messageId: uniq("m") }, { receivedAt: now })] });
    expect((await workspaceOverview({ workspaceId: workspace.id })).events7d).toBe(3);
  });
});
