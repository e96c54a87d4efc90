import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../../ingest/message";
import { applyMapping, parseForm, valueAt, webhookMappingSchema } from "./mapping";
import { PRESETS, presetOf } from "./presets";
import { signatureProblem } from "./signature";

const payloadOf = (key: string) => {
  const p = presetOf(key)!;
  return p.contentType === "form" ? parseForm(p.sample) : JSON.parse(p.sample);
};

describe("webhook mappings", () => {
  it("reads paths, arrays and form-encoded bodies", () => {
    expect(valueAt({ a: { b: [{ c: 1 }, { c: 2 }] } }, "a.b.1.c")).toBe(2);
    expect(valueAt([1, 2], "")).toEqual([1, 2]);
    expect(parseForm("type=unsubscribe&data[email]=a%40b.co&data[merges][FNAME]=Ann")).toEqual({ type: "unsubscribe", data: { email: "a@b.co", merges: { FNAME: "Ann" } } });
  });

  it("maps the Stripe-style sample to an Invoice Paid event with the amount in units", () => {
    const { messages, skipped } = applyMapping(presetOf("stripe")!.mapping, payloadOf("stripe"));
    expect(skipped).toEqual([]);
    expect(messages).toEqual([
      {
        type: "track",
        userId: "cus_NffrFeUfNV2Hib",
        event: "Invoice Paid",
        timestamp: "2025-11-24T16:00:00.000Z",
        messageId: "track-evt_1NG8Du2eZvKYlo2CUI79vXWy",
        properties: { object_id: "in_1NG8Dt2eZvKYlo2C", amount: 49, currency: "usd", status: "paid", livemode: false },
        context: { traits: { email: "jenny.rosen@example.com" } },
      },
    ]);
    expect(() => parseMessage(messages[0], { receivedAt: new Date() })).not.toThrow();
  });

  it("maps each HubSpot-style property change to a trait on the contact", () => {
    const { messages } = applyMapping(presetOf("hubspot")!.mapping, payloadOf("hubspot"));
    expect(messages.map((m) => [m.userId, m.traits, m.timestamp])).toEqual([
      ["hubspot-123", { lifecyclestage: "customer", hubspot_id: "123" }, "2025-11-24T16:00:00.000Z"],
      ["hubspot-123", { email: "jenny.rosen@example.com", hubspot_id: "123" }, "2025-11-24T16:00:01.000Z"],
    ]);
    const other = applyMapping(presetOf("hubspot")!.mapping, [{ subscriptionType: "deal.creation", objectId: 9 }]);
    expect(other.messages).toEqual([]);
    expect(other.skipped[0]!.reason).toMatch(/deal.creation/);
  });

  it("maps a Mailchimp-style form post to an event on the person found by email", () => {
    const { messages } = applyMapping(presetOf("mailchimp")!.mapping, payloadOf("mailchimp"));
    expect(messages).toEqual([
      {
        type: "track",
        anonymousId: "mailchimp-jenny.rosen@example.com",
        event: "List Unsubscribed",
        timestamp: "2026-11-20T21:40:57.000Z",
        messageId: expect.stringMatching(/^wh-[0-9a-f]{32}$/),
        properties: { list_id: "a6b5da1054", reason: "manual", campaign_id: "cb398d21d2" },
        context: { traits: { first_name: "Jenny", last_name: "Rosen", email: "jenny.rosen@example.com" } },
      },
    ]);
  });

  it("skips records it cannot map, saying why, and refuses mappings without an identifier", () => {
    const mapping = webhookMappingSchema.parse({ type: "track", event: { path: "kind" }, userId: { path: "user" }, fields: [{ to: "properties.total", path: "total", convert: "number" }] });
    const r = applyMapping(mapping, { records: 1, kind: "Paid", user: "u1", total: "twelve" });
    expect(r.messages).toEqual([]);
    expect(r.skipped).toEqual([{ index: 0, reason: "properties.total: “twelve” is not a number" }]);
    expect(applyMapping(mapping, { kind: "Paid" }).skipped[0]!.reason).toMatch(/none of the mapped identifiers/);
    expect(webhookMappingSchema.safeParse({ type: "identify", fields: [] }).error?.issues[0]!.message).toBe("Map at least one identifier: user id, anonymous id or email");
    expect(() => applyMapping({ ...mapping, records: "items" }, { items: "nope" })).toThrow(/no list of records/);
  });

  it("every preset's sample maps to valid messages", () => {
    for (const p of PRESETS) {
      const { messages, skipped } = applyMapping(p.mapping, payloadOf(p.key));
      expect(skipped, p.key).toEqual([]);
      for (const m of messages) expect(() => parseMessage(m, { receivedAt: new Date() }), p.key).not.toThrow();
    }
  });
});

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"id":"evt_1"}';
  const req = (headers: Record<string, string>) => ({ method: "POST", url: "https://app.example/v1/webhooks/k", headers: new Headers(headers), body });
  const now = 1_764_000_000_000;

  it("checks a plain HMAC header, with prefix and encoding", () => {
    const cfg = { scheme: "hmac_sha256" as const, header: "X-Hub-Signature-256", encoding: "hex" as const, prefix: "sha256=" };
    const good = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    expect(signatureProblem(cfg, secret, req({ "x-hub-signature-256": good }))).toBeNull();
    expect(signatureProblem(cfg, secret, req({ "x-hub-signature-256": "sha256=00" }))).toBe("The X-Hub-Signature-256 signature does not match");
    expect(signatureProblem(cfg, secret, req({}))).toBe("Missing the X-Hub-Signature-256 header");
  });

  it("checks Stripe-Signature with its timestamp", () => {
    const cfg = { scheme: "stripe" as const, header: "", encoding: "hex" as const, prefix: "" };
    const t = now / 1000;
    const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signatureProblem(cfg, secret, req({ "stripe-signature": `t=${t},v1=${v1}` }), now)).toBeNull();
    expect(signatureProblem(cfg, secret, req({ "stripe-signature": `t=${t},v1=${v1}` }), now + 600_000)).toMatch(/more than 5 minutes/);
    expect(signatureProblem(cfg, "other", req({ "stripe-signature": `t=${t},v1=${v1}` }), now)).toBe("The Stripe-Signature does not match");
  });

  it("checks HubSpot's v3 signature over method, URI, body and timestamp", () => {
    const cfg = { scheme: "hubspot_v3" as const, header: "", encoding: "base64" as const, prefix: "" };
    const sig = createHmac("sha256", secret).update(`POSThttps://app.example/v1/webhooks/k${body}${now}`).digest("base64");
    expect(signatureProblem(cfg, secret, req({ "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": String(now) }), now)).toBeNull();
    expect(signatureProblem(cfg, secret, req({ "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": String(now + 1) }), now)).toBe("The X-HubSpot-Signature-v3 does not match");
    expect(signatureProblem(cfg, null, req({}), now)).toMatch(/no signing secret/);
  });
});
