import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { acknowledge, publish, readBatch } from "./postgres";
import { TOPICS } from "./topics";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const CHANGE = "INSERT INTO segment_changes (workspace_id, segment_id, version, profile_id, entered, at, cause, detail) VALUES ($1, $2, 3, $3, $4, $5, 'event', 'test')";

describe("the membership topic, delivered from the change log", () => {
  it("delivers change-log rows and explicitly published messages in commit order, each once, never skipping a slow transaction", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    const seg = uniq("seg");
    const at = new Date("2026-05-10T09:00:00Z");
    const consumer = uniq("consumer");
    const ours = async () => (await readBatch(pool(), consumer, TOPICS.segmentMembership, 10_000)).filter((m) => (m.payload as { segmentId?: string }).segmentId === seg);

    // A slow transaction writes a change first and commits last.
    const slow = await pool().connect();
    await slow.query("BEGIN");
    await slow.query(CHANGE, [ws, seg, 3, true, at]);
    await pool().query(CHANGE, [ws, seg, 1, true, at]);
    await publish(pool(), [{ topic: TOPICS.segmentMembership, key: `${ws}:2`, payload: { workspaceId: ws, segmentId: seg, version: 1, profileId: "2", entered: true, at: at.toISOString(), cause: "test", detail: null } }]);

    // Nothing is delivered while an older transaction is still open: its rows would be skipped.
    expect(await ours()).toEqual([]);
    await slow.query("COMMIT");
    slow.release();

    const batch = await ours();
    expect(batch.map((m) => (m.payload as { profileId: string }).profileId)).toEqual(["3", "1", "2"]);
    expect(batch[0]).toMatchObject({ topic: TOPICS.segmentMembership, key: `${ws}:3`, payload: { workspaceId: ws, segmentId: seg, version: 3, profileId: "3", entered: true, cause: "event", detail: "test" } });
    expect(new Date((batch[0]!.payload as { at: string }).at).getTime()).toBe(at.getTime());

    await acknowledge(pool(), consumer, batch[batch.length - 1]!);
    expect(await ours()).toEqual([]);
    await pool().query(CHANGE, [ws, seg, 4, false, at]);
    expect((await ours()).map((m) => (m.payload as { profileId: string; entered: boolean }).entered)).toEqual([false]);
  });
});
