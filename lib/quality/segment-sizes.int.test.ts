import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { checkSegmentSizes, listAnomalies } from ".";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const HOUR = 3_600_000;

describe("segment size jumps", () => {
  it("reports a segment that lost most of its members in an hour, and closes it once steady", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const big = uniq("seg");
    const small = uniq("seg");
    for (const [id, name, n] of [[big, "Newsletter", 200], [small, "Testers", 10]] as const) {
      await pool().query("INSERT INTO segments (id, workspace_id, name, definition, created_by, status, member_count) VALUES ($1, $2, $3, '{\"type\":\"group\",\"op\":\"and\",\"conditions\":[]}', 'test', 'live', $4)", [id, ws, name, n]);
    }
    const t0 = Date.UTC(2026, 10, 1, 10);
    expect(await checkSegmentSizes(ws, new Date(t0), "http://app")).toEqual([]); // nothing to compare with yet
    await pool().query("UPDATE segments SET member_count = CASE WHEN id = $1 THEN 40 ELSE 2 END WHERE workspace_id = $2", [big, ws]);
    const jumps = await checkSegmentSizes(ws, new Date(t0 + HOUR), "http://app");
    expect(jumps).toEqual([{ segmentId: big, name: "Newsletter", before: 200, now: 40, change: -0.8 }]); // Testers is too small to judge
    expect(await listAnomalies({ workspaceId: ws, status: "open" })).toEqual([expect.objectContaining({ kind: "segment", subject: "Newsletter", direction: "drop", observed: 40, expected: 200 })]);
    expect(await checkSegmentSizes(ws, new Date(t0 + 2 * HOUR), "http://app")).toEqual([]);
    expect(await listAnomalies({ workspaceId: ws, status: "open" })).toEqual([]);
  });
});
