import { createHmac } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/v1/webhooks/[key]/route";
import { closePool, disconnectDb, pool } from "../../db";
import { ingestMessages, parseMessage } from "../../ingest";
import { makeWorkspace } from "../../testing/fixtures";
import { createSource } from "../sources";
import { presetOf } from "./presets";
import { getWebhookConfig, listSamples, replaySample, saveWebhookConfig, saveWebhookSchema } from "./store";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const ACTOR = { type: "system" as const, label: "webhook test" };
const SECRET = "whsec_test_secret";

async function webhookSource(preset: string | null, secret: string | null = SECRET) {
  const { workspace } = await makeWorkspace();
  const source = await createSource({ workspaceId: workspace.id, actor: ACTOR, name: `Hook ${preset}`, kind: "webhook", preset });
  if (preset && secret && presetOf(preset)!.signature.scheme !== "none") {
    const cfg = await getWebhookConfig({ workspaceId: workspace.id, sourceId: source.id });
    await saveWebhookConfig({ workspaceId: workspace.id, actor: ACTOR, sourceId: source.id, input: saveWebhookSchema.parse({ preset, mapping: cfg.mapping, signature: cfg.signature, secret }) });
  }
  return { ws: workspace.id, source };
}

const post = (key: string, body: string, headers: Record<string, string>) =>
  POST(new Request(`http://localhost:3000/v1/webhooks/${key}`, { method: "POST", headers, body }), { params: Promise.resolve({ key }) });

const profileBy = async (ws: string, kind: string, value: string) =>
  (await pool().query<{ profile_id: string }>("SELECT profile_id::text FROM identities WHERE workspace_id = $1 AND kind = $2 AND value = $3", [ws, kind, value])).rows[0]?.profile_id;
const eventsOf = async (ws: string, profileId: string | undefined) =>
  (await pool().query<{ event: string; properties: Record<string, unknown> }>("SELECT event, properties FROM events WHERE workspace_id = $1 AND profile_id = $2 AND type = 'track' ORDER BY ts", [ws, profileId])).rows;

describe("webhook sources", () => {
  it("Stripe-style: a signed invoice.paid becomes Invoice Paid on the customer, once; a bad signature is refused", async () => {
    const { ws, source } = await webhookSource("stripe");
    const body = presetOf("stripe")!.sample;
    const t = Math.floor(Date.now() / 1000);
    const sig = `t=${t},v1=${createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex")}`;

    const forged = await post(source.writeKey, body, { "content-type": "application/json", "stripe-signature": `t=${t},v1=${"0".repeat(64)}` });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toBe("The Stripe-Signature does not match");
    expect(await profileBy(ws, "user_id", "cus_NffrFeUfNV2Hib")).toBeUndefined();

    // Stripe retries a delivery it is unsure of: the second copy is recognised by its event id.
    for (const expected of [{ accepted: 1, duplicates: 0 }, { accepted: 0, duplicates: 1 }]) {
      const res = await post(source.writeKey, body, { "content-type": "application/json", "stripe-signature": sig });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ success: true, ...expected });
    }
    const customer = await profileBy(ws, "user_id", "cus_NffrFeUfNV2Hib");
    expect(await eventsOf(ws, customer)).toEqual([{ event: "Invoice Paid", properties: { object_id: "in_1NG8Dt2eZvKYlo2C", amount: 49, currency: "usd", status: "paid", livemode: false } }]);
    expect(await profileBy(ws, "email", "jenny.rosen@example.com")).toBe(customer);
    expect((await listSamples({ workspaceId: ws, sourceId: source.id })).map((s) => s.status)).toEqual(["accepted", "accepted"]);
  });

  it("HubSpot-style: each property change sets a trait on the contact (v3 signature)", async () => {
    const { ws, source } = await webhookSource("hubspot");
    const body = presetOf("hubspot")!.sample;
    const ts = String(Date.now());
    const url = `http://localhost:3000/v1/webhooks/${source.writeKey}`;
    const sig = createHmac("sha256", SECRET).update(`POST${url}${body}${ts}`).digest("base64");
    const res = await post(source.writeKey, body, { "content-type": "application/json", "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": ts });
    expect(await res.json()).toMatchObject({ success: true, accepted: 2 });
    const contact = await profileBy(ws, "user_id", "hubspot-123");
    const { rows } = await pool().query<{ traits: Record<string, unknown> }>("SELECT traits FROM profiles WHERE id = $1", [contact]);
    expect(rows[0]!.traits).toMatchObject({ lifecyclestage: "customer", email: "jenny.rosen@example.com", hubspot_id: "123" });
  });

  it("Mailchimp-style: a form post lands on the person already known by email", async () => {
    const { ws, source } = await webhookSource("mailchimp");
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: [parseMessage({ messageId: "id-jenny", type: "identify", userId: "jenny", traits: { email: "Jenny.Rosen@example.com" } }, { receivedAt: new Date() })] });
    const res = await post(source.writeKey, presetOf("mailchimp")!.sample, { "content-type": "application/x-www-form-urlencoded" });
    expect(await res.json()).toMatchObject({ success: true, accepted: 1 });
    const jenny = await profileBy(ws, "user_id", "jenny");
    expect((await eventsOf(ws, jenny)).map((e) => e.event)).toEqual(["List Unsubscribed"]);
  });

  it("a payload that cannot be mapped is kept and answered 422; after the mapping is set, a replay stores it", async () => {
    const { ws, source } = await webhookSource(null);
    const body = JSON.stringify({ kind: "signup", person: { id: "p-1", mail: "pat@example.com" }, at: "2026-11-20T10:00:00Z" });
    const res = await post(source.writeKey, body, { "content-type": "application/json" });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/no mapping yet/);
    const [sample] = await listSamples({ workspaceId: ws, sourceId: source.id });
    expect(sample).toMatchObject({ status: "unmapped", body });

    await saveWebhookConfig({
      workspaceId: ws,
      actor: ACTOR,
      sourceId: source.id,
      input: saveWebhookSchema.parse({ mapping: { type: "track", event: { value: "Signed Up" }, userId: { path: "person.id" }, email: { path: "person.mail" }, timestamp: { path: "at", format: "iso" }, fields: [{ to: "properties.kind", path: "kind" }] }, signature: { scheme: "none" } }),
    });
    expect(await replaySample({ workspaceId: ws, actor: ACTOR, sourceId: source.id, sampleId: sample!.id })).toEqual({ accepted: 1, skipped: [] });
    expect(await replaySample({ workspaceId: ws, actor: ACTOR, sourceId: source.id, sampleId: sample!.id })).toEqual({ accepted: 0, skipped: [] });
    expect((await eventsOf(ws, await profileBy(ws, "user_id", "p-1"))).map((e) => [e.event, e.properties])).toEqual([["Signed Up", { kind: "signup" }]]);
  });

  it("stays in its workspace", async () => {
    const { source } = await webhookSource("stripe");
    const { workspace: other } = await makeWorkspace();
    await expect(getWebhookConfig({ workspaceId: other.id, sourceId: source.id })).rejects.toThrow(/does not exist/);
    const http = await createSource({ workspaceId: other.id, actor: ACTOR, name: "Website" });
    const res = await post(http.writeKey, "{}", { "content-type": "application/json" });
    expect(res.status).toBe(404);
  });
});
