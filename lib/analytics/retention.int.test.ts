import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { runRetention } from "./retention";
import { retentionSchema } from "./schema";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

// Weeks start on Monday: 2026-05-04, 05-11, 05-18, 05-25 (UTC workspace).
async function app() {
  const { workspace } = await makeWorkspace();
  const ev = (userId: string, event: string, ts: string) => ({ type: "track", userId, event, timestamp: ts, properties: {}, messageId: uniq("m") });
  const messages = [
    // Cohort of May 4: ann, bob, cat sign up.
    ev("ann", "Signed Up", "2026-05-04T10:00:00Z"), ev("bob", "Signed Up", "2026-05-05T10:00:00Z"), ev("cat", "Signed Up", "2026-05-10T23:00:00Z"),
    // ann comes back the same week (after signing up), and in weeks 1 and 2
    ev("ann", "Opened App", "2026-05-06T10:00:00Z"), ev("ann", "Opened App", "2026-05-12T10:00:00Z"), ev("ann", "Opened App", "2026-05-19T10:00:00Z"),
    // bob: week 2 only (twice, counted once)
    ev("bob", "Opened App", "2026-05-20T10:00:00Z"), ev("bob", "Opened App", "2026-05-21T10:00:00Z"),
    // cat: an open before signing up does not count; none after
    ev("cat", "Opened App", "2026-05-10T22:00:00Z"),
    // Cohort of May 11: dan, who comes back in week 1 (May 18–24) and week 3 (beyond 2 periods: not counted)
    ev("dan", "Signed Up", "2026-05-12T09:00:00Z"), ev("dan", "Opened App", "2026-05-19T09:00:00Z"), ev("dan", "Opened App", "2026-06-01T09:00:00Z"),
    // ann signs up again later: only her first sign-up in the range counts
    ev("ann", "Signed Up", "2026-05-13T10:00:00Z"),
  ];
  await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages: messages.map((m) => parseMessage(m, { receivedAt: new Date("2026-06-02T00:00:00Z") })) });
  return workspace.id;
}

describe("retention", () => {
  it("groups people by the week of their first sign-up and counts who came back in each later week", async () => {
    const workspaceId = await app();
    const insight = retentionSchema.parse({
      type: "retention",
      cohort: { kind: "event", event: "Signed Up" },
      returnEvent: { event: "Opened App" },
      period: "week",
      periods: 2,
      range: { kind: "between", from: "2026-05-04", to: "2026-05-17" },
    });
    const r = await runRetention({ workspaceId, insight, now: new Date("2026-05-21T00:00:00Z") });
    expect(r.cohorts).toEqual([
      { start: "2026-05-04", size: 3, returned: [1, 1, 2] },
      { start: "2026-05-11", size: 1, returned: [0, 1, null] }, // its week 2 has not begun
    ]);
    // Week 2 of the May 11 cohort has not begun on May 21: it is left out of the average.
    expect(r.average).toEqual([1 / 4, 2 / 4, 2 / 3]);
  });
});
