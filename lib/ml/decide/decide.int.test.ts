import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../api-keys";
import { closePool, disconnectDb, pool } from "../../db";
import { ingestMessages, parseMessage } from "../../ingest";
import { processDue } from "../../journeys/engine";
import { processInbox } from "../../journeys/inputs";
import { saveJourneySchema, type Graph } from "../../journeys/schema";
import { createJourney, publishJourney } from "../../journeys/store";
import { closeWorkspaceTransports, saveSmtpSettings, smtpSettingsSchema } from "../../mail";
import { makeWorkspace, uniq, userActor } from "../../testing/fixtures";
import { startSmtp } from "../../testing/smtp";
import { answerDecideRequest } from "./api";
import { seeded } from "./bandit";
import { attributeConversions } from "./conversions";
import { decide, flushDecisions, forgetDecisionCaches } from "./decide";
import { createOffer, listOffers, recentDecisions, saveDecisionSettings, setOfferStatus } from "./offers";

afterAll(async () => {
  closeWorkspaceTransports();
  await flushDecisions();
  await Promise.all([closePool(), disconnectDb()]);
});

async function identify(ws: string, userId: string, traits: Record<string, unknown>) {
  await ingestMessages({ workspaceId: ws, sourceId: null, messages: [parseMessage({ type: "identify", messageId: uniq("m"), userId, traits }, { receivedAt: new Date() })] });
}
const offer = (key: string, extra: Record<string, unknown> = {}) => ({ key, name: key, payload: { title: `Title of ${key}` }, conversion: { event: "Order Completed", windowDays: 7 }, ...extra });

describe("next-best-action decisions", () => {
  it("chooses among eligible offers of the top priority, honours consent, caps and refusals, and says why", async () => {
    const { workspace, owner } = await makeWorkspace();
    const ws = workspace.id;
    const actor = userActor(owner);
    await saveDecisionSettings({ workspaceId: ws, actor, input: { exploration: 0 } });
    await expect(saveDecisionSettings({ workspaceId: ws, actor, input: { exploration: 0.9 } })).rejects.toThrow(/At most 50%/);
    await createOffer({ workspaceId: ws, actor, input: offer("vip-upgrade", { priority: 9, eligibility: { traits: [{ trait: "plan", op: "eq", value: "pro" }] } }) });
    await createOffer({ workspaceId: ws, actor, input: offer("newsletter", { priority: 7, eligibility: { consent: "marketing_email" }, caps: { perProfile: { max: 2, days: 7 } } }) });
    await createOffer({ workspaceId: ws, actor, input: offer("free-shipping", { priority: 5 }) });
    await expect(createOffer({ workspaceId: ws, actor, input: offer("free-shipping") })).rejects.toThrow(/exists already/);
    await expect(createOffer({ workspaceId: ws, actor, input: offer("Bad Key") })).rejects.toThrow(/short key in lower case/);
    await identify(ws, "pat", { plan: "pro" });
    await identify(ws, "flo", { plan: "free", consent: { marketing_email: true } });
    await identify(ws, "ref", { plan: "pro", consent: { personalization: false } });

    const pat = await decide({ workspaceId: ws, identifier: "pat", context: { placement: "homepage" } });
    expect(pat.offer).toEqual({ key: "vip-upgrade", name: "vip-upgrade", payload: { title: "Title of vip-upgrade" } });
    expect(pat.why.chosen).toBe("The only eligible offer in the top priority tier");
    expect(pat.why.excluded).toEqual(expect.arrayContaining([{ key: "newsletter", reason: "no marketing email consent" }, { key: "free-shipping", reason: "priority 5 below 9" }]));

    // Flo is not pro but agreed to email: the newsletter (priority 7) twice, then its cap leaves free shipping.
    const seen: string[] = [];
    const rng = seeded(3);
    for (let i = 0; i < 4; i++) seen.push((await decide({ workspaceId: ws, identifier: "flo", context: { placement: "cart" }, rng })).offer!.key);
    expect(seen).toEqual(["newsletter", "newsletter", "free-shipping", "free-shipping"]);
    await flushDecisions(); // written or not yet, caps count them
    const capped = await decide({ workspaceId: ws, identifier: "flo" });
    expect(capped.why.excluded).toContainEqual({ key: "newsletter", reason: "shown 2 times in 7 days already" });

    // Refused personalisation: nothing. Unknown visitor: only offers without rules.
    expect(await decide({ workspaceId: ws, identifier: "ref" })).toMatchObject({ offer: null, why: { chosen: "The person refused personalisation: no offer" } });
    const stranger = await decide({ workspaceId: ws, identifier: "nobody-knows-me" });
    expect(stranger).toMatchObject({ offer: { key: "free-shipping" }, profileId: null });

    // Logged with why; impressions counted.
    await flushDecisions();
    const log = await recentDecisions({ workspaceId: ws, limit: 50 });
    expect(log).toHaveLength(8);
    expect(log.find((d) => d.id === pat.decisionId)).toMatchObject({ offerKey: "vip-upgrade", placement: "homepage", explored: false });
    const offers = await listOffers({ workspaceId: ws });
    expect(offers.reduce((n, o) => n + o.stats.impressions, 0)).toBe(7);

    // A paused offer is no longer chosen (after the 5-second cache, or at once here).
    await setOfferStatus({ workspaceId: ws, actor, offerId: offers.find((o) => o.key === "vip-upgrade")!.id, status: "paused" });
    forgetDecisionCaches(ws);
    expect((await decide({ workspaceId: ws, identifier: "pat" })).offer?.key).toBe("free-shipping");
  });

  it("learns from conversion events, answers the API with a key, and keeps workspaces apart", async () => {
    const { workspace, owner } = await makeWorkspace();
    const other = await makeWorkspace();
    const ws = workspace.id;
    const actor = userActor(owner);
    await createOffer({ workspaceId: ws, actor, input: offer("ten-off") });
    await createOffer({ workspaceId: other.workspace.id, actor: userActor(other.owner), input: offer("theirs") });
    await identify(ws, "kim", { plan: "free" });
    const { secret } = await createApiKey({ workspaceId: ws, actor, input: { name: "web", scope: "read" } });
    const answer = await answerDecideRequest({ authorization: `Bearer ${secret}`, body: { userId: "kim", context: { placement: "checkout" } } });
    expect(answer).toMatchObject({ status: 200, body: { offer: { key: "ten-off" }, placement: "checkout" } });
    expect(await answerDecideRequest({ authorization: `Bearer ${secret}`, body: { context: {} } })).toMatchObject({ status: 400, body: { error: { message: "Send who the decision is for: userId, anonymousId or email" } } });
    expect(await answerDecideRequest({ authorization: "Bearer nope", body: { userId: "kim" } })).toMatchObject({ status: 401 });
    await flushDecisions();
    await pool().query("INSERT INTO conversion_cursors (workspace_id, received_at) VALUES ($1, now() - interval '1 minute') ON CONFLICT (workspace_id) DO UPDATE SET received_at = excluded.received_at", [ws]);
    // Kim orders: the decision converts and the offer's counter in that placement goes up.
    await ingestMessages({ workspaceId: ws, sourceId: null, messages: [parseMessage({ type: "track", messageId: uniq("m"), userId: "kim", event: "Order Completed", properties: { revenue: 30 } }, { receivedAt: new Date() })] });
    expect(await attributeConversions(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    const [o] = await listOffers({ workspaceId: ws });
    expect(o!.stats).toMatchObject({ impressions: 1, conversions: 1, rate: 1 });
    expect((await recentDecisions({ workspaceId: ws }))[0]!.convertedAt).not.toBeNull();
    // The other workspace's offer is never a candidate here.
    expect((await listOffers({ workspaceId: ws })).map((x) => x.key)).toEqual(["ten-off"]);
    const again = await decide({ workspaceId: ws, identifier: "kim" });
    expect([...again.why.candidates.map((c) => c.key), ...again.why.excluded.map((e) => e.key)]).not.toContain("theirs");
  });

  it("a journey step picks the offer and the email that follows shows it", async () => {
    const smtp = await startSmtp();
    try {
      const { workspace, owner } = await makeWorkspace();
      const ws = workspace.id;
      const actor = userActor(owner);
      await saveSmtpSettings({ workspaceId: ws, actor, input: smtpSettingsSchema.parse({ host: "127.0.0.1", port: smtp.port, fromEmail: "shop@example.com" }) });
      await createOffer({ workspaceId: ws, actor, input: offer("free-shipping", { payload: { title: "Free shipping this week" } }) });
      const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config }) as Graph["nodes"][number];
      const graph: Graph = {
        nodes: [n("t", "trigger", { kind: "event", event: "Signed Up" }), n("d", "decide", { placement: "welcome-email" }), n("m", "email", { subject: "{{ offer.payload.title | default: 'Welcome' }}", html: "<p>{{ offer.name }}</p>" }), n("x", "exit")],
        edges: [
          { id: "t-d", source: "t", target: "d", sourceHandle: "next" },
          { id: "d-m", source: "d", target: "m", sourceHandle: "next" },
          { id: "m-x", source: "m", target: "x", sourceHandle: "next" },
        ],
      };
      const j = await createJourney({ workspaceId: ws, actor, input: saveJourneySchema.parse({ name: "Welcome", graph }) });
      await publishJourney({ workspaceId: ws, actor, journeyId: j.id });
      await identify(ws, "neo", { email: "neo@example.com", consent: { marketing_email: true } });
      await ingestMessages({ workspaceId: ws, sourceId: null, messages: [parseMessage({ type: "track", messageId: uniq("m"), userId: "neo", event: "Signed Up" }, { receivedAt: new Date() })] });
      await processInbox(new Date(), 1000, ws);
      for (let i = 0; i < 5 && (await processDue({ workspaceId: ws })).states > 0; i++);
      const mail = smtp.received.find((m) => m.to.includes("neo@example.com"));
      expect(mail?.header("subject")).toBe("Free shipping this week");
      expect(mail?.body).toContain("free-shipping");
      await flushDecisions();
      expect(await recentDecisions({ workspaceId: ws })).toEqual([expect.objectContaining({ offerKey: "free-shipping", placement: "welcome-email" })]);
      const { rows } = await pool().query("SELECT detail FROM journey_steps WHERE journey_id = $1 AND kind = 'decided'", [j.id]);
      expect(rows[0].detail).toMatch(/^Offer “free-shipping” \(free-shipping\): /);
    } finally {
      await smtp.close();
    }
  });
});
