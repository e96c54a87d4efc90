import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/profiles/[identifier]/route";
import { createApiKey } from "../api-keys";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq, userActor } from "../testing/fixtures";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

async function setup() {
  const { workspace, owner } = await makeWorkspace();
  const ws = workspace.id;
  const now = new Date();
  const msg = (m: Record<string, unknown>) => parseMessage({ messageId: uniq("m"), ...m }, { receivedAt: now });
  await ingestMessages({
    workspaceId: ws,
    sourceId: null,
    messages: [
      msg({ type: "identify", userId: "ann", anonymousId: "anon-ann", traits: { email: "Ann@Example.com", plan: "pro", first_name: "Ann", consent: { personalization: true } } }),
      msg({ type: "identify", userId: "bob", traits: { email: "bob@example.com", plan: "basic", consent: { personalization: false } } }),
    ],
  });
  const ann = (await pool().query<{ profile_id: string }>("SELECT profile_id::text FROM identities WHERE workspace_id = $1 AND kind = 'user_id' AND value = 'ann'", [ws])).rows[0]!.profile_id;
  const seg = `seg_${uniq("vip")}`;
  await pool().query("INSERT INTO segments (id, workspace_id, name, definition, created_by) VALUES ($1, $2, 'VIP', '{\"type\":\"group\",\"op\":\"and\",\"conditions\":[]}', 'test')", [seg, ws]);
  await pool().query("INSERT INTO segment_members (segment_id, profile_id, since) VALUES ($1, $2, now())", [seg, ann]);
  // The website personalises with names and emails: its read key is granted personal data.
  const { secret } = await createApiKey({ workspaceId: ws, actor: userActor(owner), input: { name: "Website", scope: "read", unmaskedPii: true } });
  return { ws, ann, seg, secret };
}

const get = async (secret: string, identifier: string, query = "") => {
  const res = await GET(new Request(`http://localhost/api/v1/profiles/${encodeURIComponent(identifier)}${query}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({ identifier: encodeURIComponent(identifier) }) });
  return { status: res.status, body: await res.json() };
};

describe("profile API", () => {
  it("finds a profile by user id, email (any case) or anonymous id, with traits and segments", async () => {
    const { ann, seg, secret } = await setup();
    for (const id of ["ann", "ANN@example.com", "anon-ann"]) {
      const { status, body } = await get(secret, id);
      expect(status).toBe(200);
      expect(body.profile).toMatchObject({ id: ann, personalization: "allowed", traits: { plan: "pro", first_name: "Ann" }, segments: [{ id: seg, name: "VIP" }] });
    }
    expect((await get(secret, "ann@example.com")).body.profile.matchedBy).toBe("email");
  });

  it("returns only the fields and traits asked for, and refuses unknown fields", async () => {
    const { secret } = await setup();
    const { body } = await get(secret, "ann", "?fields=traits,consent&traits=plan");
    expect(body.profile.traits).toEqual({ plan: "pro" });
    expect(body.profile.segments).toBeUndefined();
    expect(body.profile.consent.personalization.granted).toBe(true);
    const bad = await get(secret, "ann", "?fields=traits,secrets");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/secrets is not a field/);
  });

  it("returns the feature store's vector when asked", async () => {
    const { ws, ann, secret } = await setup();
    await pool().query("INSERT INTO profile_features (workspace_id, profile_id, features, computed_at) VALUES ($1, $2, '{\"orders_30d\": 3}', now())", [ws, ann]);
    const { body } = await get(secret, "ann", "?fields=features");
    expect(body.profile.features).toEqual({ orders_30d: 3 });
    expect((await get(secret, "anon-ann", "?fields=traits")).body.profile.features).toBeUndefined();
  });

  it("gives nothing to personalise with when the person refused personalisation", async () => {
    const { secret } = await setup();
    const { body } = await get(secret, "bob");
    expect(body.profile).toEqual({ id: expect.any(String), matchedBy: "user_id", personalization: "refused" });
  });

  it("stays in the key's workspace and refuses bad keys", async () => {
    const a = await setup();
    const b = await setup();
    expect((await get(b.secret, "anon-ann")).body.profile.id).toBe(b.ann);
    expect((await get(a.secret, "anon-ann")).body.profile.id).toBe(a.ann);
    expect((await get(b.secret, a.ann)).status).toBe(404);
    expect((await get("nsk_notakey", "ann")).status).toBe(401);
  });
});
