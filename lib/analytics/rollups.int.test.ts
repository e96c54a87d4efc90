import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { buildNextRollup, foldRollups } from "./rollups";
import { trendsSchema, type TrendsInsight } from "./schema";
import { runTrends, wholeHourOffset } from "./trends";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

function events(n: number, seed: number) {
  const names = ["Page Viewed", "Order Completed", "Signed Up"];
  return Array.from({ length: n }, (_, i) => {
    const t = Date.UTC(2026, 4, 1) + ((i * 5_003_111 + seed * 104_729_000) % (20 * 86_400_000));
    return parseMessage({ type: "track", userId: `u${(i * 31 + seed) % 40}`, event: names[(i + seed) % 3], timestamp: new Date(t).toISOString(), messageId: uniq("m") }, { receivedAt: new Date("2026-05-25T00:00:00Z") });
  });
}

const INSIGHTS: TrendsInsight[] = [
  trendsSchema.parse({ type: "trends", series: [{ event: "Page Viewed" }, { event: "Order Completed" }], range: { kind: "between", from: "2026-05-01", to: "2026-05-20" }, interval: "day", compare: true }),
  trendsSchema.parse({ type: "trends", series: [{ event: "Signed Up" }], range: { kind: "between", from: "2026-05-03", to: "2026-05-16" }, interval: "week" }),
  trendsSchema.parse({ type: "trends", series: [{ event: "Order Completed" }], range: { kind: "between", from: "2026-05-05", to: "2026-05-06" }, interval: "hour" }),
];

async function same(workspaceId: string) {
  for (const insight of INSIGHTS) {
    const fromEvents = await runTrends({ workspaceId, insight, rollups: false });
    const fromRollups = await runTrends({ workspaceId, insight });
    expect(fromRollups.lines.map((l) => [l.values, l.total, l.previous])).toEqual(fromEvents.lines.map((l) => [l.values, l.total, l.previous]));
    expect(fromEvents.lines.some((l) => l.total > 0)).toBe(true);
  }
}

describe("event rollups", () => {
  it("answer count trends exactly as the events do: built from history, then kept by deltas before and after folding", async () => {
    const { workspace } = await makeWorkspace();
    await pool().query("UPDATE workspaces SET timezone = 'America/New_York' WHERE id = $1", [workspace.id]);
    expect(wholeHourOffset("America/New_York")).toBe(true);
    expect(wholeHourOffset("Asia/Kolkata")).toBe(false);
    await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: events(300, 1) });
    expect(await buildNextRollup({ workspaceId: workspace.id })).toBe(true);
    await same(workspace.id);
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM event_rollup_deltas WHERE workspace_id = $1", [workspace.id]);
    expect(Number(rows[0]!.n)).toBe(0); // the build took the deltas of what it counted

    // New events: counted from the deltas at once, and the same after folding.
    await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: events(200, 2) });
    await same(workspace.id);
    while ((await foldRollups()) > 0) {
      // fold everything
    }
    await same(workspace.id);
    expect(await buildNextRollup({ workspaceId: workspace.id })).toBe(false);
  });
});
