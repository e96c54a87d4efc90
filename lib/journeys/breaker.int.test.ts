import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { closeWorkspaceTransports, saveSmtpSettings, smtpSettingsSchema } from "../mail";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { startSmtp } from "../testing/smtp";
import { checkJourneyBreakers, discardHeldEntries, releaseJourney, setJourneyBreaker } from "./breaker";
import { processDue } from "./engine";
import { processInbox } from "./inputs";
import { saveJourneySchema, type Graph } from "./schema";
import { createJourney, getJourney, publishJourney } from "./store";

const ACTOR = { type: "system" as const, label: "breaker test" };
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  closeWorkspaceTransports();
  await smtp.close();
  await Promise.all([closePool(), disconnectDb()]);
});

const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config }) as Graph["nodes"][number];
const GRAPH: Graph = {
  nodes: [n("t", "trigger", { kind: "event", event: "Trial Started" }), n("m", "email", { subject: "Welcome", html: "<p>Hi</p>" }), n("x", "exit")],
  edges: [
    { id: "t-m", source: "t", target: "m", sourceHandle: "next" },
    { id: "m-x", source: "m", target: "x", sourceHandle: "next" },
  ],
};

async function setup() {
  const { workspace } = await makeWorkspace();
  const ws = workspace.id;
  await saveSmtpSettings({ workspaceId: ws, actor: ACTOR, input: smtpSettingsSchema.parse({ host: "127.0.0.1", port: smtp.port, fromEmail: "hello@shop.example" }) });
  const created = await createJourney({ workspaceId: ws, actor: ACTOR, input: saveJourneySchema.parse({ name: uniq("Welcome"), graph: GRAPH }) });
  const j = await publishJourney({ workspaceId: ws, actor: ACTOR, journeyId: created.id });
  return { ws, journeyId: j.id };
}
async function trials(ws: string, users: string[]) {
  const now = new Date();
  const messages = users.flatMap((u) => [
    parseMessage({ type: "identify", messageId: uniq("m"), userId: u, traits: { email: `${u}@example.com`, consent: { marketing_email: true } } }, { receivedAt: now }),
    parseMessage({ type: "track", messageId: uniq("m"), userId: u, event: "Trial Started" }, { receivedAt: now }),
  ]);
  await ingestMessages({ workspaceId: ws, sourceId: null, messages });
}
const tick = async (ws: string) => {
  await processInbox(new Date(), 1000, ws);
  for (let i = 0; i < 10 && (await processDue({ workspaceId: ws })).states > 0; i++);
};
const mailsTo = (u: string) => smtp.received.filter((m) => m.to.includes(`${u}@example.com`)).length;

describe("journey circuit breaker", () => {
  it("holds a journey when more people enter in an hour than allowed; nothing is sent until a person decides", async () => {
    const { ws, journeyId } = await setup();
    await expect(setJourneyBreaker({ workspaceId: ws, actor: ACTOR, journeyId, input: { enabled: true, maxEntriesPerHour: 0 } })).rejects.toThrow(/at least 1 entry/);
    await setJourneyBreaker({ workspaceId: ws, actor: ACTOR, journeyId, input: { enabled: true, onAnomaly: false, maxEntriesPerHour: 3 } });
    const first = ["ana", "ben"].map((u) => `${u}-${ws}`);
    await trials(ws, first);
    await tick(ws);
    expect(first.map(mailsTo)).toEqual([1, 1]);
    // A broken import starts everyone at once: the third entry this hour is fine, the fourth crosses the limit.
    const flood = ["cy", "di", "ed", "flo"].map((u) => `${u}-${ws}`);
    await trials(ws, flood);
    await tick(ws);
    expect(flood.map(mailsTo)).toEqual([0, 0, 0, 0]);
    const held = await getJourney({ workspaceId: ws, journeyId });
    expect(held.heldReason).toBe("6 people entered in the last hour, more than the 3 allowed.");
    expect(held.active).toBe(4);
    const { rows: audit } = await pool().query("SELECT actor_label, action FROM audit_logs WHERE workspace_id = $1 AND action = 'journey.breaker_held'", [ws]);
    expect(audit).toEqual([{ actor_label: "circuit breaker", action: "journey.breaker_held" }]);

    // Discard: those held leave without a message; the journey runs again for new people.
    expect(await discardHeldEntries({ workspaceId: ws, actor: ACTOR, journeyId })).toEqual({ discarded: 4 });
    await tick(ws);
    expect(flood.map(mailsTo)).toEqual([0, 0, 0, 0]);
    const after = await getJourney({ workspaceId: ws, journeyId });
    expect(after).toMatchObject({ heldReason: null, heldAt: null, active: 0 });
    const late = `gus-${ws}`;
    await trials(ws, [late]);
    await tick(ws);
    expect(mailsTo(late)).toBe(1);
    await expect(releaseJourney({ workspaceId: ws, actor: ACTOR, journeyId })).rejects.toThrow(/not held/);
  });

  it("holds on an open data anomaly, and a release lets everyone held go on", async () => {
    const { ws, journeyId } = await setup();
    const other = await setup();
    await setJourneyBreaker({ workspaceId: ws, actor: ACTOR, journeyId, input: { enabled: true } });
    await setJourneyBreaker({ workspaceId: other.ws, actor: ACTOR, journeyId: other.journeyId, input: { enabled: true } });
    expect(await checkJourneyBreakers({ workspaceId: ws })).toBe(0);
    await pool().query(
      "INSERT INTO anomalies (workspace_id, kind, subject, direction, first_hour, last_hour, observed, expected, score) VALUES ($1, 'nulls', 'Trial Started.plan', 'nulls', '2026-11-20T10:00Z', '2026-11-20T10:00Z', 90, 1, 0)",
      [ws],
    );
    expect(await checkJourneyBreakers()).toBeGreaterThanOrEqual(1);
    expect((await getJourney({ workspaceId: other.ws, journeyId: other.journeyId })).heldAt).toBeNull(); // another workspace's anomaly holds nothing here
    expect((await getJourney({ workspaceId: ws, journeyId })).heldReason).toBe("An anomaly is open: Trial Started.plan mostly missing or null since 2026-11-20 10:00 UTC.");
    const users = ["hal", "ivy"].map((u) => `${u}-${ws}`);
    await trials(ws, users);
    await tick(ws);
    expect(users.map(mailsTo)).toEqual([0, 0]);
    await expect(releaseJourney({ workspaceId: other.ws, actor: ACTOR, journeyId })).rejects.toThrow(/does not exist in this workspace/);
    await releaseJourney({ workspaceId: ws, actor: ACTOR, journeyId });
    await tick(ws);
    expect(users.map(mailsTo)).toEqual([1, 1]);
    // The anomaly the person accepted does not hold it again.
    expect(await checkJourneyBreakers({ workspaceId: ws })).toBe(0);
  });
});
