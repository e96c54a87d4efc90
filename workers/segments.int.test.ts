import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../lib/db";
import { ingestMessages, parseMessage } from "../lib/ingest";
import { createSegment, definitionSchema, rebuildNextSegment } from "../lib/segments";
import { makeWorkspace, uniq } from "../lib/testing/fixtures";
import { until } from "../lib/testing/until";

const root = path.resolve(__dirname, "..");
const children: ChildProcess[] = [];
const GROUP = "segments:lanes:2";

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await Promise.all([closePool(), disconnectDb()]);
});

function segmentsWorker(): ChildProcess {
  const c = spawn(process.execPath, ["--import", "tsx", "workers/run.ts", "segments"], { cwd: root, env: { ...process.env, SEGMENT_LANES: "2" }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(c);
  return c;
}

const members = async () => (await pool().query<{ member: string }>("SELECT member FROM bus_members WHERE group_name = $1", [GROUP])).rows.map((r) => r.member);

describe("segments workers as separate processes", () => {
  it("share the lanes, and one that is killed has its lanes and queued work taken over", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const seg = await createSegment({ workspaceId: ws, actor: { type: "system", label: "test" }, name: "Buyers", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws }));

    const a = segmentsWorker();
    segmentsWorker();
    await until(async () => (await members()).length === 2, 30_000, "both processes to join");

    // One process dies holding a lane: the profiles of that lane can only be evaluated once the other takes it over.
    a.kill("SIGKILL");
    await new Promise((r) => a.once("exit", r));
    const now = new Date();
    const buyers = 300;
    await ingestMessages({
      workspaceId: ws,
      sourceId: null,
      messages: Array.from({ length: buyers }, (_, i) => parseMessage({ type: "track", userId: `b${i}`, event: "Order Completed", messageId: uniq("m"), timestamp: now.toISOString() }, { receivedAt: now })),
    });

    // The survivor takes both lanes: every buyer ends up a member, nothing is left queued.
    const count = async () => Number((await pool().query<{ n: string }>("SELECT count(*) AS n FROM segment_members WHERE segment_id = $1", [seg.id])).rows[0]!.n);
    await until(async () => (await count()) === buyers, 60_000, "every buyer in the segment");
    await until(async () => (await members()).length === 1, 10_000, "the dead process to leave the group");
    const queued = await pool().query("SELECT 1 FROM segment_queue WHERE workspace_id = $1", [ws]);
    expect(queued.rowCount).toBe(0);
    const stored = await pool().query<{ member_count: number }>("SELECT member_count FROM segments WHERE id = $1", [seg.id]);
    expect(stored.rows[0]!.member_count).toBe(buyers);
  }, 120_000);
});
