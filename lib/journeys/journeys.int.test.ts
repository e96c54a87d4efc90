import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { closeWorkspaceTransports, saveSmtpSettings, smtpSettingsSchema } from "../mail";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { startServer } from "../testing/http-server";
import { startSmtp } from "../testing/smtp";
import { createDestination, createSync, saveDestinationSchema, saveSyncSchema } from "../activation";
import { diffChunk } from "../activation/diff";
import { createSegment, definitionSchema } from "../segments";
import { processDue as processSegmentsDue, processQueue } from "../segments/process";
import { rebuildNextSegment } from "../segments/rebuild";
import { processDue } from "./engine";
import { processInbox, processMembership } from "./inputs";
import { saveJourneySchema, type Graph } from "./schema";
import { simulateJourney } from "./simulate";
import { journeyStats, profileTrace } from "./stats";
import { createJourney, getJourney, publishJourney } from "./store";
import { recordClick, recordOpen, unsubscribe } from "./tracking";
import { clickSignature } from "./actions";

const ACTOR = { type: "system" as const, label: "journeys test" };
const T0 = Date.UTC(2026, 4, 10, 9);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  smtp = await startSmtp({ refuse: (to) => (to.startsWith("bounce") ? 550 : null) });
  hook = await startServer(() => ({ status: 200, body: { ok: true } }));
});
afterAll(async () => {
  closeWorkspaceTransports();
  await smtp.close();
  await hook.close();
  await Promise.all([closePool(), disconnectDb()]);
});

async function workspaceWithSmtp() {
  const { workspace } = await makeWorkspace();
  await saveSmtpSettings({ workspaceId: workspace.id, actor: ACTOR, input: smtpSettingsSchema.parse({ host: "127.0.0.1", port: smtp.port, fromEmail: "news@shop.example", fromName: "Shop" }) });
  return workspace.id;
}

async function send(ws: string, messages: Record<string, unknown>[], receivedAt: Date) {
  return ingestMessages({ workspaceId: ws, sourceId: null, messages: messages.map((m) => parseMessage({ messageId: uniq("m"), timestamp: receivedAt.toISOString(), ...m }, { receivedAt })) });
}
async function identify(ws: string, userId: string, email: string, marketing: boolean, when: Date, traits: Record<string, unknown> = {}) {
  await send(ws, [{ type: "identify", userId, traits: { email, first_name: userId[0]!.toUpperCase() + userId.slice(1), ...traits, consent: { marketing_email: marketing } } }], when);
}
async function profileOf(ws: string, userId: string): Promise<string> {
  const { rows } = await pool().query<{ profile_id: string }>("SELECT profile_id::text FROM identities WHERE workspace_id = $1 AND kind = 'user_id' AND value = $2", [ws, userId]);
  return rows[0]!.profile_id;
}
const tick = async (ws: string, now: Date) => {
  await processInbox(now, 1000, ws);
  for (let i = 0; i < 10 && (await processDue({ now, workspaceId: ws })).states > 0; i++);
};
const mailsTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));

async function journey(ws: string, graph: Graph, settings: Record<string, unknown> = {}) {
  const j = await createJourney({ workspaceId: ws, actor: ACTOR, input: saveJourneySchema.parse({ name: uniq("Journey"), graph, settings }) });
  return publishJourney({ workspaceId: ws, actor: ACTOR, journeyId: j.id });
}
const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config }) as Graph["nodes"][number];
const e = (source: string, target: string, sourceHandle = "next") => ({ id: `${source}-${sourceHandle}-${target}`, source, target, sourceHandle });
const EMAIL = { subject: "{{ profile.first_name | default: 'there' }}, your cart is waiting", html: '<p>Hi {{ profile.first_name }}, still want the {{ event.properties.product }}? <a href="https://shop.example/cart">Back to cart</a></p>' };

describe("journey engine", () => {
  it("runs every node type on a controllable clock, exactly once, with a trace and counts", async () => {
    const ws = await workspaceWithSmtp();
    for (const [u, consent] of [["ann", true], ["bob", true], ["cat", true], ["dan", false], ["eve", true]] as const) await identify(ws, u, `${u}@example.com`, consent, at(0));
    const graph: Graph = {
      nodes: [
        n("t", "trigger", { kind: "event", event: "Product Added", filters: [{ property: "price", valueType: "number", op: "gt", value: 10 }] }),
        n("w1", "wait", { mode: "duration", amount: 1, unit: "hours" }),
        n("b", "branch", { condition: { type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed", window: { kind: "last", amount: 1, unit: "days" } }] } }),
        n("x1", "exit"),
        n("s", "split", { variants: [{ name: "A", percent: 100 }], holdout: 0 }),
        n("m", "email", EMAIL),
        n("u", "update_trait", { trait: "last_reminded_at", valueType: "now" }),
        n("h", "webhook", { url: `${hook.url}/journey-hook` }),
        n("w2", "wait", { mode: "event", event: "Order Completed", timeout: { amount: 1, unit: "days" } }),
        n("x2", "exit"),
        n("x3", "exit"),
        n("g", "goal", { event: "Subscription Started" }),
      ],
      edges: [e("t", "w1"), e("w1", "b"), e("b", "x1", "yes"), e("b", "s", "no"), e("s", "m", "v0"), e("m", "u"), e("u", "h"), e("h", "w2"), e("w2", "x2", "event"), e("w2", "x3", "timeout")],
    };
    const j = await journey(ws, graph);
    expect(j.status).toBe("published");

    await send(ws, [
      { type: "track", userId: "ann", event: "Product Added", properties: { price: 30, product: "Espresso grinder" } },
      { type: "track", userId: "bob", event: "Product Added", properties: { price: 5, product: "Filter papers" } },
      { type: "track", userId: "cat", event: "Product Added", properties: { price: 50, product: "Kettle" } },
      { type: "track", userId: "dan", event: "Product Added", properties: { price: 20, product: "Mug" } },
      { type: "track", userId: "eve", event: "Product Added", properties: { price: 25, product: "Scale" } },
    ], at(1));
    await tick(ws, at(1));
    const states = await pool().query<{ profile_id: string; node_id: string; due_at: Date }>("SELECT profile_id::text, node_id, due_at FROM journey_states WHERE journey_id = $1 ORDER BY profile_id", [j.id]);
    expect(states.rows).toHaveLength(4); // bob's price fails the filter
    expect(states.rows.every((r) => r.node_id === "w1" && r.due_at.getTime() === at(61).getTime())).toBe(true);

    await send(ws, [{ type: "track", userId: "cat", event: "Order Completed", properties: { revenue: 50 } }], at(30));
    await send(ws, [{ type: "track", userId: "eve", event: "Subscription Started" }], at(40));
    await tick(ws, at(40));
    await tick(ws, at(60));
    expect(smtp.received.filter((m) => m.header("x-northstar-journey")?.startsWith(j.id))).toHaveLength(0);

    await tick(ws, at(61));
    const [annMail, ...more] = mailsTo("ann@example.com");
    expect(more).toHaveLength(0);
    expect(annMail!.header("subject")).toBe("Ann, your cart is waiting");
    expect(annMail!.body).toContain("still want the Espresso grinder?");
    expect(annMail!.header("list-unsubscribe")).toMatch(/^<http.+\/api\/unsubscribe\/m_/);
    expect(annMail!.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(annMail!.body).toMatch(/\/t\/c\/m_[^"]+\?u=https%3A%2F%2Fshop\.example%2Fcart/);
    expect(mailsTo("dan@example.com")).toHaveLength(0);
    expect(mailsTo("cat@example.com")).toHaveLength(0);
    expect(mailsTo("eve@example.com")).toHaveLength(0);
    const hooks = hook.requests.filter((r) => r.path === "/journey-hook");
    expect(hooks).toHaveLength(2); // ann, and dan (no consent for email, but the webhook is not an email)
    expect(hooks.every((r) => typeof r.headers["idempotency-key"] === "string")).toBe(true);
    const ann = await profileOf(ws, "ann");
    const traits = await pool().query<{ t: Record<string, unknown> }>("SELECT traits AS t FROM profiles WHERE id = $1", [ann]);
    expect(traits.rows[0]!.t.last_reminded_at).toBe(at(61).toISOString());

    // Ann orders: the event wait takes its "event" path. Dan never does: the timeout path, a day later.
    await send(ws, [{ type: "track", userId: "ann", event: "Order Completed", properties: { revenue: 30 } }], at(90));
    await tick(ws, at(90));
    await tick(ws, at(61 + 24 * 60));
    const statusOf = async (u: string) =>
      (await pool().query<{ status: string; node_id: string }>("SELECT status, node_id FROM journey_states WHERE journey_id = $1 AND profile_id = $2", [j.id, await profileOf(ws, u)])).rows[0];
    expect(await statusOf("ann")).toMatchObject({ status: "completed", node_id: "x2" });
    expect(await statusOf("cat")).toMatchObject({ status: "completed", node_id: "x1" });
    expect(await statusOf("dan")).toMatchObject({ status: "completed", node_id: "x3" });
    expect(await statusOf("eve")).toMatchObject({ status: "converted" });

    // Nothing runs twice: another pass sends nothing more.
    await tick(ws, at(3 * 24 * 60));
    expect(mailsTo("ann@example.com")).toHaveLength(1);
    expect(hook.requests.filter((r) => r.path === "/journey-hook")).toHaveLength(2);

    const trace = await profileTrace({ workspaceId: ws, journeyId: j.id, profileId: ann });
    expect(trace[0]!.steps.map((s) => `${s.nodeId}:${s.kind}`)).toEqual(["t:entered", "w1:waited", "b:branch", "s:split", "m:sent", "u:updated", "h:sent", "w2:waited", "x2:completed"]);
    const danTrace = await profileTrace({ workspaceId: ws, journeyId: j.id, profileId: await profileOf(ws, "dan") });
    expect(danTrace[0]!.steps.find((s) => s.nodeId === "m")).toMatchObject({ kind: "skipped", detail: "Not sent: no consent for marketing_email" });

    const stats = await journeyStats({ workspaceId: ws, journeyId: j.id });
    expect(stats).toMatchObject({ entered: 4, converted: 1, completed: 3, active: 0 });
    expect(stats.edges.find((x) => x.source === "b" && x.handle === "no")!.count).toBe(2);
    expect(stats.edges.find((x) => x.source === "b" && x.handle === "yes")!.count).toBe(1);
    expect(stats.nodes.find((x) => x.nodeId === "m")!.outcomes).toEqual({ sent: 1, skipped: 1 });
    // Four went through the trigger and one of them (Eve) converted; nobody who got the email did.
    expect(stats.nodes.find((x) => x.nodeId === "t")).toMatchObject({ reached: 4, converted: 1 });
    expect(stats.nodes.find((x) => x.nodeId === "m")).toMatchObject({ reached: 2, converted: 0 });
  });

  it("a send interrupted by a crash is never repeated, and a bounce comes back as an event", async () => {
    const ws = await workspaceWithSmtp();
    await identify(ws, "fay", "fay@example.com", true, at(0));
    await identify(ws, "gus", "bounce-gus@example.com", true, at(0));
    const j = await journey(ws, { nodes: [n("t", "trigger", { kind: "event", event: "Signed Up", filters: [] }), n("m", "email", EMAIL), n("x", "exit")], edges: [e("t", "m"), e("m", "x")] });
    await send(ws, [{ type: "track", userId: "fay", event: "Signed Up" }, { type: "track", userId: "gus", event: "Signed Up" }], at(1));
    await processInbox(at(1), 1000, ws);
    // A worker claimed fay's send (the key is written) and died before finishing: the state is still at the email step.
    const fay = await profileOf(ws, "fay");
    const st = (await pool().query<{ id: string; step: number }>("SELECT id::text, step FROM journey_states WHERE journey_id = $1 AND profile_id = $2", [j.id, fay])).rows[0]!;
    await pool().query(
      `INSERT INTO journey_messages (workspace_id, journey_id, version, node_id, state_id, step, profile_id, channel, status, token, created_at)
       VALUES ($1, $2, 1, 'm', $3, $4 + 1, $5, 'email', 'sending', $6, now())`,
      [ws, j.id, st.id, st.step, fay, uniq("m_crashtoken")],
    );
    await tick(ws, at(1));
    expect(mailsTo("fay@example.com")).toHaveLength(0);
    const trace = await profileTrace({ workspaceId: ws, journeyId: j.id, profileId: fay });
    expect(trace[0]!.steps.find((s) => s.nodeId === "m")!.kind).toBe("unconfirmed");
    expect(trace[0]!.status).toBe("completed");
    const gus = await profileOf(ws, "gus");
    const bounced = await pool().query("SELECT 1 FROM events WHERE workspace_id = $1 AND profile_id = $2 AND event = 'Email Bounced'", [ws, gus]);
    expect(bounced.rowCount).toBe(1);
  });

  it("frequency caps count emails across journeys; quiet hours hold a send until they end", async () => {
    const ws = await workspaceWithSmtp();
    await identify(ws, "hal", "hal@example.com", true, at(0), { timezone: "Europe/Berlin" });
    const flow = () => ({ nodes: [n("t", "trigger", { kind: "event", event: "Viewed Sale", filters: [] }), n("m", "email", EMAIL)], edges: [e("t", "m")] });
    await journey(ws, flow(), { frequencyCap: { max: 1, per: "day" } });
    const second = await journey(ws, flow(), { frequencyCap: { max: 1, per: "day" } });
    await send(ws, [{ type: "track", userId: "hal", event: "Viewed Sale" }], at(0));
    await tick(ws, at(0));
    expect(mailsTo("hal@example.com")).toHaveLength(1);
    const steps = await pool().query<{ kind: string; detail: string }>("SELECT kind, detail FROM journey_steps WHERE workspace_id = $1 AND node_id = 'm' ORDER BY id", [ws]);
    expect(steps.rows.map((r) => r.kind).sort()).toEqual(["sent", "skipped"]);
    expect(steps.rows.find((r) => r.kind === "skipped")!.detail).toMatch(/frequency cap/);
    expect(second.id).toBeTruthy();

    // 21:30 in Berlin (19:30 UTC, May) is inside 21:00–08:00 quiet hours: held until 08:00 Berlin (06:00 UTC).
    const ws2 = await workspaceWithSmtp();
    await identify(ws2, "ida", "ida@example.com", true, at(0), { timezone: "Europe/Berlin" });
    const q = await journey(ws2, flow(), { quietHours: { start: "21:00", end: "08:00" } });
    const evening = new Date(Date.UTC(2026, 4, 10, 19, 30));
    await send(ws2, [{ type: "track", userId: "ida", event: "Viewed Sale" }], evening);
    await tick(ws2, evening);
    expect(mailsTo("ida@example.com")).toHaveLength(0);
    const held = await pool().query<{ due_at: Date; phase: string }>("SELECT due_at, phase FROM journey_states WHERE journey_id = $1", [q.id]);
    expect(held.rows[0]).toMatchObject({ phase: "deferred", due_at: new Date(Date.UTC(2026, 4, 11, 6, 0)) });
    await tick(ws2, new Date(Date.UTC(2026, 4, 11, 6, 0)));
    expect(mailsTo("ida@example.com")).toHaveLength(1);
  });

  it("a split's holdout gets nothing and leaves as the control group", async () => {
    const ws = await workspaceWithSmtp();
    await identify(ws, "hol", "hol@example.com", true, at(0));
    const j = await journey(ws, {
      nodes: [n("t", "trigger", { kind: "event", event: "Joined", filters: [] }), n("s", "split", { variants: [{ name: "A", percent: 0 }], holdout: 100 }), n("m", "email", EMAIL)],
      edges: [e("t", "s"), e("s", "m", "v0")],
    });
    await send(ws, [{ type: "track", userId: "hol", event: "Joined" }], at(1));
    await tick(ws, at(1));
    const trace = await profileTrace({ workspaceId: ws, journeyId: j.id, profileId: await profileOf(ws, "hol") });
    expect(trace[0]).toMatchObject({ status: "exited", endReason: "Held out (control group)" });
    expect(trace[0]!.steps.map((s) => s.kind)).toEqual(["entered", "holdout"]);
    expect(mailsTo("hol@example.com")).toHaveLength(0);
  });

  it("re-entry: never, after N days, always", async () => {
    const ws = await workspaceWithSmtp();
    await identify(ws, "jo", "jo@example.com", true, at(0));
    const flow = { nodes: [n("t", "trigger", { kind: "event", event: "Visited", filters: [] }), n("x", "exit")], edges: [e("t", "x")] };
    const never = await journey(ws, flow, { reentry: { mode: "never" } });
    const after = await journey(ws, flow, { reentry: { mode: "after", days: 2 } });
    const always = await journey(ws, flow, { reentry: { mode: "always" } });
    for (const minute of [0, 60, 3 * 24 * 60]) {
      await send(ws, [{ type: "track", userId: "jo", event: "Visited" }], at(minute));
      await tick(ws, at(minute));
    }
    const count = async (id: string) => Number((await pool().query<{ n: string }>("SELECT count(*) AS n FROM journey_states WHERE journey_id = $1", [id])).rows[0]!.n);
    expect(await count(never.id)).toBe(1);
    expect(await count(after.id)).toBe(2);
    expect(await count(always.id)).toBe(3);
  });

  it("unsubscribing withdraws consent at once; journeys stay in their workspace", async () => {
    const ws = await workspaceWithSmtp();
    const other = await workspaceWithSmtp();
    await identify(ws, "kim", "kim@example.com", true, at(0));
    await identify(other, "kim", "kim-other@example.com", true, at(0));
    const flow = { nodes: [n("t", "trigger", { kind: "event", event: "Browsed", filters: [] }), n("m", "email", EMAIL)], edges: [e("t", "m")] };
    const j = await journey(ws, flow, { reentry: { mode: "always" } });
    await send(other, [{ type: "track", userId: "kim", event: "Browsed" }], at(0));
    await tick(other, at(0));
    expect(mailsTo("kim-other@example.com")).toHaveLength(0);
    await expect(getJourney({ workspaceId: other, journeyId: j.id })).rejects.toThrow(/does not exist/);

    await send(ws, [{ type: "track", userId: "kim", event: "Browsed" }], at(1));
    await tick(ws, at(1));
    expect(mailsTo("kim@example.com")).toHaveLength(1);
    const token = (await pool().query<{ token: string }>("SELECT token FROM journey_messages WHERE journey_id = $1", [j.id])).rows[0]!.token;
    // Opens and clicks come back as events; a link the email did not sign goes nowhere.
    await recordOpen(token);
    await recordOpen(token);
    expect(await recordClick(token, "https://evil.example/", "forged")).toBeNull();
    expect(await recordClick(token, "https://shop.example/cart", clickSignature(token, "https://shop.example/cart"))).toBe("https://shop.example/cart");
    expect(await unsubscribe(token, "one-click")).toBe(true);
    await send(ws, [{ type: "track", userId: "kim", event: "Browsed" }], at(2));
    await tick(ws, at(2));
    expect(mailsTo("kim@example.com")).toHaveLength(1);
    const kim = await profileOf(ws, "kim");
    const events = await pool().query<{ event: string }>("SELECT event FROM events WHERE profile_id = $1 AND event LIKE 'Email %' OR profile_id = $1 AND event = 'Unsubscribed' ORDER BY event", [kim]);
    expect(events.rows.map((r) => r.event)).toEqual(["Email Delivered", "Email Link Clicked", "Email Opened", "Unsubscribed"]);
    const consent = await pool().query<{ c: { marketing_email: { granted: boolean; source: string } } }>("SELECT consent AS c FROM profiles WHERE id = $1", [kim]);
    expect(consent.rows[0]!.c.marketing_email).toMatchObject({ granted: false, source: "unsubscribe one-click" });
  });

  it("segment entry starts a journey, leaving the segment ends it; a sync node adds the profile to the sync's audience", async () => {
    const ws = await workspaceWithSmtp();
    const vip = await createSegment({ workspaceId: ws, actor: ACTOR, name: "VIP", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "trait", trait: "vip", valueType: "boolean", op: "eq", value: true }] }) });
    const others = await createSegment({ workspaceId: ws, actor: ACTOR, name: "Nobody", description: "", definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "trait", trait: "never_set", valueType: "string", op: "exists" }] }) });
    while (await rebuildNextSegment({ workspaceId: ws, now: () => at(0) }));
    const dest = await createDestination({ workspaceId: ws, actor: ACTOR, input: saveDestinationSchema.parse({ kind: "webhook", name: "CRM", config: { url: `${hook.url}/audience` }, secrets: { signingSecret: "s3cret-s3cret" } }) });
    const sync = await createSync({ workspaceId: ws, actor: ACTOR, input: saveSyncSchema.parse({ segmentId: others.id, destinationId: dest.id, mode: "mirror", trigger: "schedule", everyMinutes: 60, mapping: [{ from: "traits.email", to: "email" }] }) });
    const j = await journey(ws, {
      nodes: [n("t", "trigger", { kind: "segment_enter", segmentId: vip.id }), n("s", "sync", { syncId: sync.id, action: "add" }), n("w", "wait", { mode: "duration", amount: 7, unit: "days" }), n("x", "exit")],
      edges: [e("t", "s"), e("s", "w"), e("w", "x")],
    });
    const live = async (now: Date) => {
      await processQueue({ workspaceId: ws, now: () => now });
      await processSegmentsDue({ workspaceId: ws, now: () => now });
      while ((await processMembership(now)) > 0);
      await tick(ws, now);
    };
    await identify(ws, "lee", "lee@example.com", true, at(1), { vip: true });
    const lee = await profileOf(ws, "lee");
    const state = async () => (await pool().query<{ status: string; node_id: string; end_reason: string | null }>("SELECT status, node_id, end_reason FROM journey_states WHERE journey_id = $1 AND profile_id = $2", [j.id, lee])).rows[0];
    // The bus hands out a message once every older transaction has finished: other tests' transactions can hold it back a moment.
    const until = async (now: Date, check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i++) {
        await live(now);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(at(1), async () => (await state())?.node_id === "w");
    expect(await state()).toMatchObject({ status: "active", node_id: "w" });
    // The sync's segment does not hold Lee, but the journey put Lee in its audience.
    const chunk = await diffChunk(pool(), { syncId: sync.id, workspaceId: ws, segmentId: others.id, mode: "mirror", mapping: [{ from: "traits.email", to: "email" }], purpose: null, requiresAny: ["email"] }, { kind: "all", after: null, limit: 100 });
    expect(chunk.rows.map((r) => [r.profileId, r.member])).toEqual([[lee, true]]);

    await identify(ws, "lee", "lee@example.com", true, at(5), { vip: false });
    await until(at(5), async () => (await state())?.status === "exited");
    expect(await state()).toMatchObject({ status: "exited", end_reason: "Left the trigger segment" });
  });

  it("a test run shows where a profile would go, with times and reasons, and sends nothing", async () => {
    const ws = await workspaceWithSmtp();
    await identify(ws, "max", "max@example.com", true, at(0), { plan: "pro" });
    await identify(ws, "ned", "ned@example.com", false, at(0), { plan: "pro" });
    const graph: Graph = {
      nodes: [
        n("t", "trigger", { kind: "event", event: "Signed Up", filters: [] }),
        n("w", "wait", { mode: "duration", amount: 1, unit: "hours" }),
        n("b", "branch", { condition: { type: "group", op: "and", conditions: [{ type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }] } }),
        n("m", "email", EMAIL),
        n("x", "exit"),
      ],
      edges: [e("t", "w"), e("w", "b"), e("b", "m", "yes"), e("b", "x", "no"), e("m", "x")],
    };
    const settings = saveJourneySchema.parse({ name: "x" }).settings;
    const sim = await simulateJourney({ workspaceId: ws, input: { graph, settings, journeyId: "draft", profile: "max@example.com", at: at(0).toISOString() } });
    expect(sim.steps.map((s) => [s.nodeId, s.outcome, s.at])).toEqual([
      ["t", "info", at(0).toISOString()],
      ["w", "info", at(0).toISOString()],
      ["b", "pass", at(60).toISOString()],
      ["m", "pass", at(60).toISOString()],
      ["x", "info", at(60).toISOString()],
    ]);
    expect(sim.steps[3]!.detail).toBe("Would send “Max, your cart is waiting” to max@example.com");
    const ned = await simulateJourney({ workspaceId: ws, input: { graph, settings, journeyId: "draft", profile: "ned", at: at(0).toISOString() } });
    expect(ned.steps.find((s) => s.nodeId === "m")).toMatchObject({ outcome: "fail", detail: "Would be skipped: no consent for marketing_email" });
    expect(mailsTo("max@example.com")).toHaveLength(0);
    await expect(simulateJourney({ workspaceId: ws, input: { graph: { nodes: [graph.nodes[0]!], edges: [] }, settings, journeyId: "draft", profile: "max" } })).rejects.toThrow(/Fix the journey first/);
  });
});
