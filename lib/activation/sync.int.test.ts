import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { AppError } from "../errors";
import { makeWorkspace } from "../testing/fixtures";
import { check, startServer, type Received } from "../testing/http-server";
import { setRetryPolicy } from "./destinations";
import { listFailures, listRuns, previewSync, sendTestRecord } from "./history";
import { claimRun, requestRun, requeueStale } from "./queue";
import { markMembershipChanges } from "./realtime";
import { executeRun } from "./run";
import { saveDestinationSchema, saveSyncSchema } from "./schema";
import { createDestination, getDestination } from "./store";
import { createSync, getSync, setSyncStatus } from "./syncs";
import { ACTOR, identify, lastRun, profileIdOf, proSegmentWorkspace, runQueued } from "./test-fixture";

beforeAll(() => setRetryPolicy({ attempts: 4, baseMs: 20, maxMs: 200 }));
afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const SECRET = "whsec_test_secret";
type Batch = { type: string; records: { op: string; id: string; idempotencyKey: string; fields: Record<string, unknown> }[] };

/** A webhook receiver that verifies the signature the way the README tells receivers to. */
async function receiver(answer: (req: Received, n: number) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number } = () => ({ status: 200 })) {
  let n = 0;
  const server = await startServer((req) => {
    const ts = String(req.headers["x-northstar-timestamp"]);
    const sig = String(req.headers["x-northstar-signature"]);
    const expected = `v1=${createHmac("sha256", SECRET).update(`${ts}.${req.body}`).digest("hex")}`;
    check(sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected)), "bad signature");
    check(Math.abs(Date.now() / 1000 - Number(ts)) < 300, "stale timestamp");
    check(req.headers["content-type"] === "application/json", "content-type must be application/json");
    check(req.headers["x-team"] === "growth", "custom header missing");
    return answer(req, n++);
  });
  const batches = () => server.requests.map((r) => JSON.parse(r.body) as Batch).filter((b) => b.type === "audience.batch");
  const records = () => batches().flatMap((b) => b.records);
  return { ...server, batches, records };
}

async function webhookSync(workspaceId: string, segmentId: string, url: string, opts: { mode?: "mirror" | "add_only" | "upsert"; purpose?: string | null; trigger?: "realtime" | "schedule"; batchSize?: number } = {}) {
  const destination = await createDestination({
    workspaceId,
    actor: ACTOR,
    input: saveDestinationSchema.parse({ kind: "webhook", name: "Receiver", config: { url, headers: "X-Team: growth", batchSize: String(opts.batchSize ?? 2) }, secrets: { signingSecret: SECRET }, purpose: opts.purpose ?? null, ratePerSecond: 1000, concurrency: 2 }),
  });
  const sync = await createSync({
    workspaceId,
    actor: ACTOR,
    input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: opts.mode ?? "mirror", trigger: opts.trigger ?? "schedule", everyMinutes: opts.trigger === "realtime" ? null : 60, mapping: [{ from: "traits.email", to: "email" }, { from: "traits.plan", to: "plan" }, { from: "user_id", to: "userId" }] }),
  });
  return { destination, sync };
}

const PEOPLE = [
  { userId: "ann", email: "ann@example.com", plan: "pro" },
  { userId: "bob", email: "bob@example.com", plan: "pro" },
  { userId: "cat", email: "cat@example.com", plan: "pro" },
  { userId: "dan", email: "dan@example.com", plan: "free" },
];

describe("syncs", () => {
  it("sends the audience once, then only the differences; a resync duplicates nothing", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
    const hook = await receiver();
    const { sync, destination } = await webhookSync(workspaceId, segmentId, hook.url);
    expect((await getDestination({ workspaceId, destinationId: destination.id })).secretsSet).toContain("signingSecret");
    const stored = await pool().query<{ secrets: string }>("SELECT secrets FROM destinations WHERE id = $1", [destination.id]);
    expect(stored.rows[0]!.secrets).not.toContain(SECRET); // encrypted at rest

    expect(await runQueued(workspaceId)).toBe(1);
    expect(hook.violations).toEqual([]);
    expect(hook.records().map((r) => `${r.op}:${r.fields.email}`).sort()).toEqual(["add:ann@example.com", "add:bob@example.com", "add:cat@example.com"]);
    expect(hook.batches().every((b) => b.records.length <= 2)).toBe(true);
    expect(hook.records()[0]!.fields).toMatchObject({ plan: "pro" });
    expect(await lastRun(sync.id)).toMatchObject({ status: "succeeded", added: 3, removed: 0 });

    // Bob downgrades, Dan upgrades, Ann changes her email: one remove, one add, one update.
    await identify(workspaceId, [
      { userId: "bob", plan: "free" },
      { userId: "dan", plan: "pro" },
      { userId: "ann", email: "ann@new.example.com", plan: "pro" },
    ]);
    // The membership changes were marked from the bus; the incremental run sends only them.
    while ((await markMembershipChanges()) > 0) {
      // drain the bus
    }
    hook.requests.length = 0;
    await requestRun({ workspaceId, syncId: sync.id, kind: "incremental", requestedBy: "test" });
    await runQueued(workspaceId);
    const ops = hook.records().map((r) => `${r.op}:${r.fields.email}`).sort();
    expect(ops).toEqual(["add:dan@example.com", "remove:bob@example.com", "update:ann@new.example.com"]);
    expect(await lastRun(sync.id)).toMatchObject({ kind: "incremental", added: 1, updated: 1, removed: 1, failed: 0 });
    expect((await lastRun(sync.id)).total).toBeLessThan(8); // the changed profiles, not the whole audience

    hook.requests.length = 0;
    await requestRun({ workspaceId, syncId: sync.id, kind: "full", requestedBy: "test" });
    await runQueued(workspaceId);
    expect(hook.records()).toEqual([]);
    expect((await getSync({ workspaceId, syncId: sync.id })).inDestination).toBe(3);
    await hook.close();
  });

  it("honours Retry-After on 429, retries 5xx with backoff, and parks records a receiver refuses", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
    const cat = await profileIdOf(workspaceId, "cat");
    const hook = await receiver((req, n) => {
      if (n === 0) return { status: 429, headers: { "retry-after": "1" } };
      if (n === 1) return { status: 503 };
      return { status: 200, body: { rejected: [{ id: cat, reason: "mailbox blocked" }] } };
    });
    const { sync } = await webhookSync(workspaceId, segmentId, hook.url, { batchSize: 10 });
    await runQueued(workspaceId);
    expect(hook.requests.length).toBe(3);
    // the 429 said "1": the retry waited a second, not the 20 ms backoff
    expect(hook.requests[1]!.at - hook.requests[0]!.at).toBeGreaterThanOrEqual(990);
    expect(await lastRun(sync.id)).toMatchObject({ status: "partial", added: 2, failed: 1 });
    const parked = await listFailures({ workspaceId, syncId: sync.id });
    expect(parked).toMatchObject([{ profileId: cat, op: "add", reason: "mailbox blocked", attempts: 1 }]);

    // Retrying the parked record sends only it; accepted now, it leaves the parking lot.
    hook.requests.length = 0;
    await requestRun({ workspaceId, syncId: sync.id, kind: "retry", requestedBy: "test" });
    await runQueued(workspaceId);
    expect(hook.records().map((r) => r.id)).toEqual([cat]);
    expect(await listFailures({ workspaceId, syncId: sync.id })).toHaveLength(1); // still refused by this receiver
    await hook.close();
  });

  it("sends only profiles whose consent covers the destination's purpose, and removes those who withdraw it", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace([
      { userId: "ann", email: "ann@example.com", plan: "pro", consent: { advertising: true } },
      { userId: "bob", email: "bob@example.com", plan: "pro", consent: { advertising: false } },
      { userId: "cat", email: "cat@example.com", plan: "pro" },
    ]);
    const hook = await receiver();
    const { sync, destination } = await webhookSync(workspaceId, segmentId, hook.url, { purpose: "advertising", mode: "add_only" });
    const preview = await previewSync({ workspaceId, input: { segmentId, destinationId: destination.id, mapping: sync.mapping } });
    expect(preview).toMatchObject({ members: 3, sendable: 1, noConsent: 2 });
    await runQueued(workspaceId);
    expect(hook.records().map((r) => r.fields.email)).toEqual(["ann@example.com"]);
    expect(await lastRun(sync.id)).toMatchObject({ added: 1, skipped_consent: 2 });

    await identify(workspaceId, [{ userId: "ann", plan: "pro", consent: { advertising: false } }]);
    hook.requests.length = 0;
    await requestRun({ workspaceId, syncId: sync.id, kind: "full", requestedBy: "test" });
    await runQueued(workspaceId);
    // even an add-only sync removes someone who withdrew consent
    expect(hook.records().map((r) => `${r.op}:${r.fields.email}`)).toEqual(["remove:ann@example.com"]);
    await hook.close();
  });

  it("real time: a membership change on the bus reaches the destination in its own small run", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
    const hook = await receiver();
    const { sync } = await webhookSync(workspaceId, segmentId, hook.url, { trigger: "realtime" });
    await runQueued(workspaceId);
    hook.requests.length = 0;
    await identify(workspaceId, [{ userId: "dan", email: "dan@example.com", plan: "pro" }]);
    const dan = await profileIdOf(workspaceId, "dan");
    while ((await markMembershipChanges()) > 0) {
      // drain the bus
    }
    await runQueued(workspaceId);
    expect(hook.records().map((r) => `${r.op}:${r.id}`)).toEqual([`add:${dan}`]);
    // Earlier changes of the segment (its build) were marked too: the diff found nothing to send for them.
    const realtime = await pool().query<{ runs: number; added: number; other: number }>(
      "SELECT count(*)::int AS runs, sum(added)::int AS added, sum(updated + removed + failed)::int AS other FROM sync_runs WHERE sync_id = $1 AND kind = 'realtime' AND status = 'succeeded'",
      [sync.id],
    );
    expect(realtime.rows[0]).toMatchObject({ added: 1, other: 0 });
    expect((await listRuns({ workspaceId, syncId: sync.id })).some((r) => r.kind === "realtime" && r.added === 1)).toBe(true);
    const dirty = await pool().query("SELECT 1 FROM sync_dirty WHERE sync_id = $1", [sync.id]);
    expect(dirty.rowCount).toBe(0);
    await hook.close();
  });

  it("a run whose worker died is taken over and sends only what was not yet accepted", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
    const hook = await receiver();
    const { sync } = await webhookSync(workspaceId, segmentId, hook.url);
    // A worker claimed the run, got Ann accepted, then died.
    const run = (await claimRun({ workspaceId }))!;
    const ann = await profileIdOf(workspaceId, "ann");
    await pool().query(
      `INSERT INTO sync_state (sync_id, profile_id, hash, payload) SELECT $1, $2, md5(p::text), p FROM (SELECT jsonb_build_object('email', 'ann@example.com', 'plan', 'pro', 'userId', 'ann') p) x`,
      [sync.id, ann],
    );
    await pool().query("UPDATE sync_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1", [run.id]);
    expect(await claimRun({ workspaceId })).toBeNull(); // still counted as running
    expect(await requeueStale()).toBeGreaterThanOrEqual(1);
    await runQueued(workspaceId);
    expect(hook.records().map((r) => r.fields.email).sort()).toEqual(["bob@example.com", "cat@example.com"]);
    expect(await lastRun(sync.id)).toMatchObject({ status: "succeeded" });
    await hook.close();
  });

  it("a slow, failing destination does not hold up another sync's run", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
    const slow = await receiver(() => ({ status: 500, delayMs: 300 }));
    const fast = await receiver();
    const bad = await webhookSync(workspaceId, segmentId, slow.url);
    const good = await webhookSync(workspaceId, segmentId, fast.url);
    const runs = [(await claimRun({ workspaceId }))!, (await claimRun({ workspaceId }))!];
    let goodDoneWhileBadRunning = false;
    await Promise.all(
      runs.map(async (r) => {
        await executeRun(r);
        if (r.syncId === good.sync.id) goodDoneWhileBadRunning = (await lastRun(bad.sync.id)).status === "running";
      }),
    );
    expect(goodDoneWhileBadRunning).toBe(true);
    expect(await lastRun(good.sync.id)).toMatchObject({ status: "succeeded", added: 3 });
    const failed = await lastRun(bad.sync.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Gave up after 4 attempts: 500/);
    // nothing was recorded as accepted, so the next run sends everyone
    expect((await getSync({ workspaceId, syncId: bad.sync.id })).inDestination).toBe(0);
    await Promise.all([slow.close(), fast.close()]);
  });

  it("pausing stops runs; a test record is sent without being recorded; other workspaces see nothing", async () => {
    const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
    const hook = await receiver();
    const { sync, destination } = await webhookSync(workspaceId, segmentId, hook.url);
    await setSyncStatus({ workspaceId, actor: ACTOR, syncId: sync.id, status: "paused" });
    expect(await runQueued(workspaceId)).toBe(0);
    const test = await sendTestRecord({ workspaceId, input: { segmentId, destinationId: destination.id, mapping: sync.mapping } });
    expect(test.ok).toBe(true);
    expect(hook.records()).toHaveLength(1);
    expect((await getSync({ workspaceId, syncId: sync.id })).inDestination).toBe(0);

    const other = await makeWorkspace();
    await expect(getSync({ workspaceId: other.workspace.id, syncId: sync.id })).rejects.toBeInstanceOf(AppError);
    await expect(getDestination({ workspaceId: other.workspace.id, destinationId: destination.id })).rejects.toThrow(/does not exist/);
    await expect(
      createSync({ workspaceId: other.workspace.id, actor: ACTOR, input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: "mirror", trigger: "realtime", mapping: [{ from: "traits.email", to: "email" }] }) }),
    ).rejects.toThrow(/segment does not exist/);
    await hook.close();
  });
});

