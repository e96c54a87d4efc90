import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../lib/db";
import { ingestMessages, parseMessage } from "../lib/ingest";
import { createSegment, definitionSchema, rebuildNextSegment } from "../lib/segments";
import { makeWorkspace, uniq } from "../lib/testing/fixtures";

const root = path.resolve(__dirname, "..");
const children: ChildProcess[] = [];
const GROUP = "segments:lanes:2";

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await Promise.all([closePool(), disconnectDb()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

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

    const now = new Date();
    const buyers = 300;
    await ingestMessages({
      workspaceId: ws,
      sourceId: null,
      messages: Array.from({ length: buyers }, (_, i) => parseMessage({ type: "track", userId: `b${i}`, event: "Order Completed", messageId: uniq("m"), timestamp: now.toISOString() }, { receivedAt: now })),
    });
    a.kill("SIGKILL");
    await new Promise((r) => a.once("exit", r));

    // The survivor takes both lanes: every buyer ends up a member, nothing is left queued.
    const count = async () => Number((await pool().query<{ n: string }>("SELECT count(*) AS n FROM segment_members WHERE segment_id = $1", [seg.id])).rows[0]!.n);
    await until(async () => (await count()) === buyers, 60_000, "every buyer in the segment");
    expect((await members()).length).toBe(1);
    const queued = await pool().query("SELECT 1 FROM segment_queue WHERE workspace_id = $1", [ws]);
    expect(queued.rowCount).toBe(0);
    const stored = await pool().query<{ member_count: number }>("SELECT member_count FROM segments WHERE id = $1", [seg.id]);
    expect(stored.rows[0]!.member_count).toBe(buyers);
  }, 120_000);
});
