import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Analytics } from "@segment/analytics-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "@/lib/db";
import { createSource } from "@/lib/sources";
import { makeWorkspace, uniq, userActor } from "@/lib/testing/fixtures";
import { ingestPost, ingestPreflight } from "./ingest-route";

// The ingest route handler behind a plain Node HTTP server, so the official Segment SDK talks to
// it over real HTTP exactly as it would to the production build.
let server: Server;
let host = "";
let ws: { id: string; writeKey: string; sourceId: string };
let other: { id: string; writeKey: string };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const url = new URL(req.url!, "http://localhost");
    const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === "POST" ? raw : undefined });
    const type = url.pathname.split("/").pop()!;
    const response = req.method === "OPTIONS" ? ingestPreflight(request) : await ingestPost(request, type);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const a = await makeWorkspace({ name: uniq("Ingest A") });
  const sa = await createSource({ workspaceId: a.workspace.id, actor: userActor(a.owner), name: "Website", allowedOrigins: ["https://shop.example.com"] });
  ws = { id: a.workspace.id, writeKey: sa.writeKey, sourceId: sa.id };
  const b = await makeWorkspace({ name: uniq("Ingest B") });
  const sb = await createSource({ workspaceId: b.workspace.id, actor: userActor(b.owner), name: "Website" });
  other = { id: b.workspace.id, writeKey: sb.writeKey };
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await Promise.all([closePool(), disconnectDb()]);
});

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows as T[];
const post = (path: string, body: unknown, writeKey = ws.writeKey, headers: Record<string, string> = {}) =>
  fetch(`${host}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const profileOf = async (kind: string, value: string, workspaceId = ws.id) =>
  (await q<{ profile_id: string }>("SELECT profile_id FROM identities WHERE workspace_id = $1 AND kind = $2 AND value = $3", [workspaceId, kind, value]))[0]?.profile_id;

describe("the official Segment SDK against the ingest API", () => {
  it("sends track, page, identify, group and alias; every event lands once, on the right profile", async () => {
    const anonA = uniq("anon-a");
    const anonB = uniq("anon-b");
    const user = uniq("user");
    const analytics = new Analytics({ writeKey: ws.writeKey, host, flushAt: 1 });
    analytics.track({ anonymousId: anonB, event: "Product Viewed", properties: { sku: "b-1" } });
    analytics.track({ anonymousId: anonA, event: "Product Viewed", properties: { sku: "a-1" } });
    analytics.page({ anonymousId: anonA, name: "Home", properties: { path: "/" } });
    await analytics.closeAndFlush();
    const analytics2 = new Analytics({ writeKey: ws.writeKey, host, flushAt: 1 });
    analytics2.identify({ userId: user, anonymousId: anonA, traits: { email: `${user}@Example.com`, name: "Ada" } });
    analytics2.track({ userId: user, event: "Order Completed", properties: { revenue: 42 } });
    analytics2.group({ userId: user, groupId: "acme-inc", traits: { name: "Acme" } });
    await analytics2.closeAndFlush();
    const analytics3 = new Analytics({ writeKey: ws.writeKey, host, flushAt: 1 });
    analytics3.alias({ previousId: anonB, userId: user });
    await analytics3.closeAndFlush();

    const profile = await profileOf("user_id", user);
    expect(profile).toBeDefined();
    for (const [kind, value] of [["anonymous_id", anonA], ["anonymous_id", anonB], ["email", `${user}@example.com`]]) {
      expect(await profileOf(kind!, value!), `${kind} ${value}`).toBe(profile);
    }
    const events = await q<{ type: string; event: string | null; profile_id: string; source_id: string }>(
      "SELECT type, event, profile_id, source_id FROM events WHERE workspace_id = $1 AND (anonymous_id = ANY($2) OR user_id = $3) ORDER BY ts",
      [ws.id, [anonA, anonB], user],
    );
    expect(events.map((e) => e.type).sort()).toEqual(["alias", "group", "identify", "page", "track", "track", "track"]);
    expect(new Set(events.map((e) => e.profile_id))).toEqual(new Set([profile]));
    expect(events.every((e) => e.source_id === ws.sourceId)).toBe(true);
    const [p] = await q<{ traits: Record<string, unknown>; event_count: number; merged_into: string | null }>("SELECT traits, event_count, merged_into FROM profiles WHERE id = $1", [profile]);
    expect(p).toMatchObject({ traits: { email: `${user}@Example.com`, name: "Ada" }, event_count: 7, merged_into: null });
    const merges = await q<{ cause: string }>("SELECT cause FROM profile_merges WHERE workspace_id = $1 AND into_profile_id = $2", [ws.id, profile]);
    // The SDK sends concurrently: identify may merge too, depending on arrival order; alias always does.
    expect(merges.map((m) => m.cause)).toContain("alias");
  });
});

describe("durability and validation", () => {
  it("stores a retried message once", async () => {
    const messageId = uniq("retry");
    const body = { batch: [{ type: "track", messageId, anonymousId: uniq("anon"), event: "Checkout Started" }] };
    for (let i = 0; i < 3; i++) expect((await post("/v1/batch", body)).status).toBe(200);
    expect(await q("SELECT 1 FROM events WHERE workspace_id = $1 AND message_id = $2", [ws.id, messageId])).toHaveLength(1);
  });

  it("keeps the good events of a batch and reports each bad one", async () => {
    const anon = uniq("anon");
    const res = await post("/v1/batch", {
      batch: [
        { type: "track", messageId: uniq("ok"), anonymousId: anon, event: "Fine" },
        { type: "track", messageId: "bad-1", anonymousId: anon },
        { type: "identify", messageId: "bad-2" },
        { type: "page", messageId: uniq("ok"), anonymousId: anon, name: "Home" },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ success: true, accepted: 2 });
    expect(body.rejected).toEqual([
      { index: 1, messageId: "bad-1", field: "event", error: expect.stringContaining("track needs event") },
      { index: 2, messageId: "bad-2", field: "userId", error: "every message needs a userId or an anonymousId" },
    ]);
    expect(await q("SELECT 1 FROM events WHERE workspace_id = $1 AND anonymous_id = $2", [ws.id, anon])).toHaveLength(2);
  });

  it("answers 400 naming the problem, and 401 for unknown keys", async () => {
    expect(await (await post("/v1/track", { anonymousId: "x" })).json()).toMatchObject({ success: false, field: "event" });
    const malformed = await post("/v1/track", "{not json");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe("The body is not valid JSON.");
    const big = await post("/v1/batch", { batch: Array.from({ length: 40 }, (_, i) => ({ type: "track", anonymousId: "x", event: "Big", messageId: `big-${i}`, properties: { blob: "x".repeat(15_000) } })) });
    expect(big.status).toBe(400);
    expect((await big.json()).error).toMatch(/at most 500 KB/);
    const unknown = await post("/v1/track", { anonymousId: "x", event: "y" }, "no-such-key");
    expect(unknown.status).toBe(401);
    const inBody = await fetch(`${host}/v1/track`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ writeKey: ws.writeKey, anonymousId: uniq("anon"), event: "Key In Body" }) });
    expect(inBody.status).toBe(200);
  });

  it("corrects client clock skew with sentAt and keeps the original timestamp", async () => {
    const messageId = uniq("skew");
    const now = Date.now();
    // The client's clock is one hour fast.
    const res = await post("/v1/batch", { sentAt: new Date(now + 3_600_000).toISOString(), batch: [{ type: "track", messageId, anonymousId: "skewed", event: "Skewed", timestamp: new Date(now + 3_600_000 - 60_000).toISOString() }] });
    expect(res.status).toBe(200);
    const [e] = await q<{ ts: Date; original_timestamp: Date }>("SELECT ts, original_timestamp FROM events WHERE workspace_id = $1 AND message_id = $2", [ws.id, messageId]);
    expect(Math.abs(e!.ts.getTime() - (now - 60_000))).toBeLessThan(5_000);
    expect(e!.original_timestamp.getTime()).toBe(now + 3_600_000 - 60_000);
  });

  it("enforces the source's allowed origins and answers preflight requests", async () => {
    const ok = await post("/v1/track", { anonymousId: uniq("anon"), event: "From Shop" }, ws.writeKey, { origin: "https://shop.example.com" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    const refused = await post("/v1/track", { anonymousId: uniq("anon"), event: "From Elsewhere" }, ws.writeKey, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    const pre = await fetch(`${host}/v1/batch`, { method: "OPTIONS", headers: { origin: "https://shop.example.com", "access-control-request-method": "POST" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-headers")).toContain("Authorization");
  });
});

describe("identity resolution", () => {
  it("never merges two different user ids, even through a shared device", async () => {
    const device = uniq("shared-device");
    const [u1, u2] = [uniq("u1"), uniq("u2")];
    await post("/v1/identify", { userId: u1, anonymousId: device, traits: { name: "One" } });
    await post("/v1/identify", { userId: u2, anonymousId: device, traits: { name: "Two" } });
    await post("/v1/track", { userId: u2, anonymousId: device, event: "Second Person Acts" });
    const [p1, p2] = [await profileOf("user_id", u1), await profileOf("user_id", u2)];
    expect(p1).toBeDefined();
    expect(p2).toBeDefined();
    expect(p1).not.toBe(p2);
    expect(await profileOf("anonymous_id", device)).toBe(p1);
    const second = await q<{ profile_id: string }>("SELECT profile_id FROM events WHERE workspace_id = $1 AND event = 'Second Person Acts' AND user_id = $2", [ws.id, u2]);
    expect(second.map((e) => e.profile_id)).toEqual([p2]);
  });

  it("merging keeps every event and the later trait values", async () => {
    const anon = uniq("anon");
    const user = uniq("user");
    const t0 = Date.now() - 3_600_000;
    const at = (m: number) => new Date(t0 + m * 60_000).toISOString();
    await post("/v1/batch", { batch: [1, 2, 3].map((i) => ({ type: "track", messageId: uniq("m"), anonymousId: anon, event: "Browse", timestamp: at(i) })) });
    await post("/v1/batch", {
      batch: [
        { type: "identify", messageId: uniq("m"), userId: user, traits: { plan: "pro", city: "Berlin" }, timestamp: at(10) },
        { type: "track", messageId: uniq("m"), userId: user, event: "Upgrade", timestamp: at(11) },
      ],
    });
    await post("/v1/identify", { userId: user, anonymousId: anon, traits: { plan: "basic" }, timestamp: at(5) });
    const profile = await profileOf("user_id", user);
    expect(await profileOf("anonymous_id", anon)).toBe(profile);
    const events = await q("SELECT 1 FROM events WHERE workspace_id = $1 AND profile_id = $2", [ws.id, profile]);
    expect(events).toHaveLength(6);
    const [p] = await q<{ traits: Record<string, unknown>; event_count: number }>("SELECT traits, event_count FROM profiles WHERE id = $1", [profile]);
    // The identify at minute 5 is older than the one at minute 10: plan stays "pro".
    expect(p).toMatchObject({ traits: { plan: "pro", city: "Berlin" }, event_count: 6 });
  });

  it("keeps workspaces apart: the same ids in two workspaces are two profiles", async () => {
    const anon = uniq("same-anon");
    await post("/v1/track", { anonymousId: anon, event: "In A" });
    await post("/v1/track", { anonymousId: anon, event: "In B" }, other.writeKey);
    const [pa, pb] = [await profileOf("anonymous_id", anon, ws.id), await profileOf("anonymous_id", anon, other.id)];
    expect(pa).toBeDefined();
    expect(pb).toBeDefined();
    expect(pa).not.toBe(pb);
    expect((await q<{ event: string }>("SELECT event FROM events WHERE workspace_id = $1 AND anonymous_id = $2", [other.id, anon])).map((e) => e.event)).toEqual(["In B"]);
  });
});

describe("dedup window", () => {
  it("forgets message ids older than the window and keeps recent ones", async () => {
    const { pruneDedup, DEDUP_WINDOW_DAYS } = await import("@/lib/ingest");
    const old = uniq("old-id");
    const recent = uniq("recent-id");
    await pool().query("INSERT INTO event_dedup (workspace_id, message_id, received_at) VALUES ($1, $2, now() - make_interval(days => $4)), ($1, $3, now())", [ws.id, old, recent, DEDUP_WINDOW_DAYS + 1]);
    expect(await pruneDedup(pool())).toBeGreaterThanOrEqual(1);
    const left = await q<{ message_id: string }>("SELECT message_id FROM event_dedup WHERE workspace_id = $1 AND message_id = ANY($2)", [ws.id, [old, recent]]);
    expect(left.map((r) => r.message_id)).toEqual([recent]);
  });
});

describe("profile updates", () => {
  it("moves last seen and the event count with every event, and updated_at only when traits or consent change", async () => {
    const user = uniq("updates");
    const t = Date.now() - 3_600_000;
    await post("/v1/identify", { userId: user, messageId: uniq("u"), traits: { plan: "basic" }, timestamp: new Date(t).toISOString() });
    const id = await profileOf("user_id", user);
    const read = async () => (await q<{ updated_at: Date; last_seen_at: Date; seen_hour: Date; event_count: number }>("SELECT updated_at, last_seen_at, seen_hour, event_count FROM profiles WHERE id = $1", [id]))[0]!;
    const first = await read();
    await post("/v1/track", { userId: user, messageId: uniq("u"), event: "Product Viewed", timestamp: new Date(t + 60_000).toISOString() });
    const afterEvent = await read();
    expect(afterEvent.event_count).toBe(2);
    expect(afterEvent.last_seen_at.getTime()).toBe(t + 60_000);
    expect(afterEvent.seen_hour.getTime()).toBe(Math.floor((t + 60_000) / 3_600_000) * 3_600_000);
    expect(afterEvent.updated_at).toEqual(first.updated_at);
    await post("/v1/identify", { userId: user, messageId: uniq("u"), traits: { plan: "pro" }, timestamp: new Date(t + 120_000).toISOString() });
    expect((await read()).updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime());
  });
});

describe("consent", () => {
  it("stores consent per purpose from context.consent, the later choice winning", async () => {
    const user = uniq("consenting");
    const t = Date.now() - 600_000;
    await post("/v1/batch", {
      batch: [
        { type: "identify", messageId: uniq("c"), userId: user, timestamp: new Date(t).toISOString(), context: { consent: { categoryPreferences: { marketing_email: true, advertising: true } } } },
        { type: "track", messageId: uniq("c"), userId: user, event: "Opted Out", timestamp: new Date(t + 60_000).toISOString(), context: { consent: { categoryPreferences: { advertising: false } } } },
      ],
    });
    const [p] = await q<{ consent: Record<string, { granted: boolean; source: string }> }>("SELECT consent FROM profiles WHERE id = $1", [await profileOf("user_id", user)]);
    expect(p!.consent.marketing_email).toMatchObject({ granted: true, source: "identify context.consent" });
    expect(p!.consent.advertising).toMatchObject({ granted: false, source: "track context.consent" });
    await post("/v1/identify", { userId: user, traits: { consent: { personalization: true } }, timestamp: new Date(t + 120_000).toISOString() });
    const [after] = await q<{ consent: Record<string, { granted: boolean; source: string }> }>("SELECT consent FROM profiles WHERE id = $1", [await profileOf("user_id", user)]);
    expect(after!.consent.personalization).toMatchObject({ granted: true, source: "identify traits.consent" });
    expect(after!.consent.marketing_email.granted).toBe(true);
  });
});

describe("unmerge", () => {
  it("gives the absorbed profile back its identifiers, events and traits, and keeps the pair apart afterwards", async () => {
    const { unmergeProfiles } = await import("@/lib/identity");
    const anon = uniq("anon");
    const user = uniq("user");
    const at = (m: number) => new Date(Date.now() - 3_600_000 + m * 60_000).toISOString();
    await post("/v1/batch", { batch: [1, 2].map((i) => ({ type: "track", messageId: uniq("m"), anonymousId: anon, event: "Shared Device Browse", timestamp: at(i) })) });
    await post("/v1/identify", { userId: user, traits: { name: "Owner Of Account" }, timestamp: at(3) });
    const userProfile = await profileOf("user_id", user);
    const anonProfile = await profileOf("anonymous_id", anon);
    expect(userProfile).not.toBe(anonProfile);
    await post("/v1/track", { userId: user, anonymousId: anon, event: "Linked", timestamp: at(4) });
    expect(await profileOf("anonymous_id", anon)).toBe(userProfile);
    const [merge] = await q<{ id: string }>("SELECT id FROM profile_merges WHERE workspace_id = $1 AND from_profile_id = $2 AND into_profile_id = $3", [ws.id, anonProfile, userProfile]);

    const r = await unmergeProfiles({ workspaceId: ws.id, actor: { type: "system", label: "test" }, mergeId: merge!.id });
    expect(r.eventsMoved).toBe(2);
    expect(await profileOf("anonymous_id", anon)).toBe(anonProfile);
    const counts = await q<{ id: string; event_count: number; merged_into: string | null }>("SELECT id, event_count, merged_into FROM profiles WHERE id = ANY($1) ORDER BY id", [[anonProfile, userProfile]]);
    expect(Object.fromEntries(counts.map((c) => [String(c.id), [c.event_count, c.merged_into]]))).toEqual({ [anonProfile!]: [2, null], [userProfile!]: [2, null] });
    await expect(unmergeProfiles({ workspaceId: ws.id, actor: { type: "system", label: "test" }, mergeId: merge!.id })).rejects.toMatchObject({ code: "conflict" });

    // The same link again does not glue them back together.
    await post("/v1/track", { userId: user, anonymousId: anon, event: "Linked Again", timestamp: at(5) });
    expect(await profileOf("anonymous_id", anon)).toBe(anonProfile);
    // Another workspace cannot undo this workspace's merges.
    await expect(unmergeProfiles({ workspaceId: other.id, actor: { type: "system", label: "test" }, mergeId: merge!.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("identifying traits configured per workspace", () => {
  it("merges profiles that share a configured trait such as a phone number", async () => {
    await pool().query("UPDATE workspaces SET identity_traits = ARRAY['phone'] WHERE id = $1", [ws.id]);
    await new Promise((r) => setTimeout(r, 5_100)); // the ingest path caches the setting for 5 s
    const user = uniq("phone-user");
    const anon = uniq("phone-anon");
    await post("/v1/identify", { userId: user, traits: { phone: "+1 (555) 010-0199" } });
    await post("/v1/identify", { anonymousId: anon, traits: { phone: "+15550100199", note: "from a kiosk" } });
    expect(await profileOf("anonymous_id", anon)).toBe(await profileOf("user_id", user));
    expect(await profileOf("trait:phone", "+15550100199")).toBe(await profileOf("user_id", user));
    await pool().query("UPDATE workspaces SET identity_traits = '{}' WHERE id = $1", [ws.id]);
  });
});
