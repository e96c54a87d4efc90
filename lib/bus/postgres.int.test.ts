import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase, migrate, withDatabase } from "../../scripts/db";
import { closePool, disconnectDb, pool } from "../db";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { acknowledge, publish, pruneBus, readBatch } from "./postgres";
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

  it("starts a new consumer at most the retention back: pruning moves a floor past aged-out rows, never past a running transaction", async () => {
    // A database of its own: the floor is one per topic, and other tests' recent rows would hold it back.
    const name = `ns_bus_floor_${randomBytes(4).toString("hex")}`;
    const url = withDatabase(process.env.DATABASE_URL!, name);
    await ensureDatabase(process.env.DATABASE_URL!, name, { fresh: true });
    await migrate(url);
    const db = new pg.Pool({ connectionString: url, max: 3 });
    try {
      const at = new Date("2026-05-10T09:00:00Z");
      const add = (profile: number, old: boolean, client: Pick<pg.PoolClient, "query"> = db) =>
        client.query(
          `INSERT INTO segment_changes (workspace_id, segment_id, version, profile_id, entered, at, cause, recorded_at) VALUES ('ws', 'seg', 1, $1, true, $2, 'event', now() - $3::interval)`,
          [profile, at, old ? "10 days" : "0 days"],
        );
      const deliveredTo = async (consumer: string) => (await readBatch(db, consumer, TOPICS.segmentMembership, 100)).map((m) => (m.payload as { profileId: string }).profileId);

      await add(1, true);
      await add(2, true);
      expect(await deliveredTo("early")).toEqual(["1", "2"]);
      const slow = await db.connect();
      await slow.query("BEGIN");
      await add(3, true, slow);
      await add(4, false);
      await pruneBus(db);
      await slow.query("COMMIT");
      slow.release();
      // Rows 1 and 2 aged out; row 3's transaction was still running when the floor moved, so it stays deliverable.
      expect(await deliveredTo("new")).toEqual(["3", "4"]);
      // Once everything is old, the floor moves to the end: a new consumer gets nothing old.
      await db.query("UPDATE segment_changes SET recorded_at = now() - interval '10 days'");
      await pruneBus(db);
      expect(await deliveredTo("newer")).toEqual([]);
    } finally {
      await db.end();
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });
});
