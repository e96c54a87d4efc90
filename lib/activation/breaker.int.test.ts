import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { processQueue } from "../segments";
import { check, startServer } from "../testing/http-server";
import { discardHeld, releaseHeld, setBreaker } from "./breaker";
import { setRetryPolicy } from "./destinations";
import { requestRun } from "./queue";
import { saveDestinationSchema, saveSyncSchema } from "./schema";
import { createDestination } from "./store";
import { getSync, createSync } from "./syncs";
import { ACTOR, identify, lastRun, proSegmentWorkspace, runQueued, type Person } from "./test-fixture";

beforeAll(() => setRetryPolicy({ attempts: 2, baseMs: 10, maxMs: 50 }));
afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const people = (n: number, plan: string): Person[] => Array.from({ length: n }, (_, i) => ({ userId: `p${i}`, email: `p${i}@example.com`, plan }));

describe("the circuit breaker of a sync", () => {
  it("holds a run that would empty most of the audience, sends nothing, and sends once a person releases it", async () => {
    const received: { op: string }[] = [];
    const hook = await startServer((req) => {
      const body = JSON.parse(req.body);
      check(body.type === "audience.batch" || body.type === "test", "audience batches");
      if (body.records) received.push(...body.records);
      return { status: 200, body: {} };
    });
    const { workspaceId, segmentId } = await proSegmentWorkspace(people(30, "pro"));
    const destination = await createDestination({ workspaceId, actor: ACTOR, input: saveDestinationSchema.parse({ kind: "webhook", name: "Ads", config: { url: hook.url }, secrets: { signingSecret: "s" }, purpose: null, ratePerSecond: 1000, concurrency: 1 }) });
    const sync = await createSync({ workspaceId, actor: ACTOR, input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: "mirror", trigger: "schedule", everyMinutes: 60, mapping: [{ from: "user_id", to: "userId" }] }) });
    await runQueued(workspaceId);
    expect(received).toHaveLength(30);
    await setBreaker({ workspaceId, actor: ACTOR, syncId: sync.id, input: { enabled: true, maxChangePercent: 25, onAnomaly: true, minAudience: 20 } });
    await expect(setBreaker({ workspaceId, actor: ACTOR, syncId: sync.id, input: { enabled: true, maxChangePercent: 0 } })).rejects.toThrow(/At least 1%/);

    // A broken import downgrades 20 of them: the next run would remove two thirds of the audience.
    await identify(workspaceId, people(20, "free"));
    await processQueue({ workspaceId });
    received.length = 0;
    await requestRun({ workspaceId, syncId: sync.id, kind: "full", requestedBy: "test" });
    await runQueued(workspaceId);
    expect(received).toEqual([]);
    expect(await lastRun(sync.id)).toMatchObject({ status: "held", error: expect.stringMatching(/from 30 to 10 \(−67%\), more than the 25% allowed/) });
    expect(await getSync({ workspaceId, syncId: sync.id })).toMatchObject({ status: "held", heldReason: expect.stringMatching(/−67%/) });
    // Held: nothing runs, even when asked.
    await requestRun({ workspaceId, syncId: sync.id, kind: "full", requestedBy: "test" });
    expect(await runQueued(workspaceId)).toBe(0);

    await releaseHeld({ workspaceId, actor: ACTOR, syncId: sync.id });
    await runQueued(workspaceId);
    expect(received.filter((r) => r.op === "remove")).toHaveLength(20);
    expect(await getSync({ workspaceId, syncId: sync.id })).toMatchObject({ status: "active", heldReason: null, inDestination: 10 });
    await expect(releaseHeld({ workspaceId, actor: ACTOR, syncId: sync.id })).rejects.toThrow(/not held/);
    await hook.close();
  });

  it("holds while a data anomaly is open; discarding pauses the sync", async () => {
    const hook = await startServer(() => ({ status: 200, body: {} }));
    const { workspaceId, segmentId } = await proSegmentWorkspace(people(5, "pro"));
    const destination = await createDestination({ workspaceId, actor: ACTOR, input: saveDestinationSchema.parse({ kind: "webhook", name: "CRM", config: { url: hook.url }, secrets: { signingSecret: "s" }, purpose: null, ratePerSecond: 1000, concurrency: 1 }) });
    const sync = await createSync({ workspaceId, actor: ACTOR, input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: "mirror", trigger: "schedule", everyMinutes: 60, mapping: [{ from: "user_id", to: "userId" }] }) });
    await setBreaker({ workspaceId, actor: ACTOR, syncId: sync.id, input: { enabled: true, maxChangePercent: 50, onAnomaly: true, minAudience: 100 } });
    await pool().query("INSERT INTO anomalies (workspace_id, kind, subject, direction, first_hour, last_hour, observed, expected, score) VALUES ($1, 'volume', 'Page Viewed', 'drop', now(), now(), 2, 120, -9)", [workspaceId]);
    await runQueued(workspaceId);
    expect(hook.requests).toHaveLength(0);
    expect(await lastRun(sync.id)).toMatchObject({ status: "held", error: expect.stringMatching(/An anomaly is open: Page Viewed volume drop/) });
    await discardHeld({ workspaceId, actor: ACTOR, syncId: sync.id });
    expect(await getSync({ workspaceId, syncId: sync.id })).toMatchObject({ status: "paused", heldReason: null });
    await hook.close();
  });
});
