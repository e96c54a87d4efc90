import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as timelineRoute } from "@/app/api/profiles/[id]/events/route";
import { createApiKey } from "@/lib/api-keys";
import { runConsoleQuery } from "@/lib/analytics";
import { saveCatalogEntry } from "@/lib/catalog";
import { closePool, disconnectDb, pool } from "@/lib/db";
import { ingestMessages, parseMessage } from "@/lib/ingest";
import { flushApiReads, MASK } from "@/lib/privacy";
import { answerProfileRequest, getProfile } from "@/lib/profiles";
import { makeWorkspace, uniq, userActor } from "@/lib/testing/fixtures";
import type { RoleName } from "@/lib/auth";
import type { PageContext } from "./page-context";
import { pagePersonalData } from "./pii";

let ws = "";
let owner: { id: string; email: string; name: string };
let profileId = "";
const email = `${uniq("ada")}@example.com`;
const userId = uniq("u");

beforeAll(async () => {
  const w = await makeWorkspace();
  ws = w.workspace.id;
  owner = w.owner;
  const msg = (raw: Record<string, unknown>) => parseMessage({ messageId: uniq("m"), userId, ...raw }, { receivedAt: new Date() });
  await ingestMessages({
    workspaceId: ws,
    sourceId: null,
    messages: [
      msg({ type: "identify", traits: { email, first_name: "Ada", plan: "pro", coupon_code: "ADA10" } }),
      msg({ type: "track", event: "Order Completed", properties: { revenue: 42, name: "Espresso", coupon_code: "ADA10", shipping_address: "1 Main St" }, context: { ip: "10.1.2.3" } }),
    ],
  });
  profileId = (await pool().query<{ profile_id: string }>("SELECT profile_id::text FROM identities WHERE workspace_id = $1 AND kind = 'user_id' AND value = $2", [ws, userId])).rows[0]!.profile_id;
  // The steward marks coupon codes personal and first names fine to show.
  for (const [field, pii] of [["coupon_code", "pii"], ["first_name", "normal"]] as const) {
    await saveCatalogEntry({ workspaceId: ws, actor: userActor(owner), userId: owner.id, isAdmin: true, input: { kind: "trait", event: "", field, description: "", ownerUserId: null, team: "", tags: [], pii } as never });
  }
});
afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const pageCtx = (role: RoleName): PageContext => ({ user: owner, role, workspace: { workspaceId: ws, role, name: "W" } as never, workspaces: [] });
const auditCount = async (action: string) => (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs WHERE workspace_id = $1 AND action = $2", [ws, action])).rows[0]!.n;

describe("PII masking by role", () => {
  it("masks the profile page's data for Analysts and Viewers, shows it to Marketers and logs their view", async () => {
    const profile = await getProfile({ workspaceId: ws, profileId });
    for (const role of ["analyst", "viewer"] as const) {
      const seen = await pagePersonalData(pageCtx(role), profile, { what: "profile", target: { type: "profile", id: profileId } });
      expect(seen.email).toBe(MASK);
      expect(seen.traits).toMatchObject({ email: MASK, coupon_code: MASK, first_name: "Ada", plan: "pro" });
      expect(seen.identities.find((i) => i.kind === "email")?.value).toBe(MASK);
      expect(seen.identities.find((i) => i.kind === "user_id")?.value).toBe(userId);
    }
    expect(await auditCount("pii.viewed")).toBe(0);
    const seen = await pagePersonalData(pageCtx("marketer"), profile, { what: "profile", target: { type: "profile", id: profileId } });
    expect(seen.traits).toMatchObject({ email, coupon_code: "ADA10" });
    expect(await auditCount("pii.viewed")).toBe(1);
  });

  it("masks API answers for read keys and shows them to keys granted personal data, audit-logged", async () => {
    const read = (await createApiKey({ workspaceId: ws, actor: userActor(owner), input: { name: "Reporting", scope: "read" } })).secret;
    const trusted = (await createApiKey({ workspaceId: ws, actor: userActor(owner), input: { name: "Website", scope: "read", unmaskedPii: true } })).secret;
    const ask = (key: string) => answerProfileRequest({ authorization: `Bearer ${key}`, identifier: userId, query: new URLSearchParams("fields=traits,identities") });
    const masked = (await ask(read)).body as { profile: { traits: Record<string, unknown> } };
    expect(masked.profile.traits).toMatchObject({ email: MASK, coupon_code: MASK, first_name: "Ada", plan: "pro" });
    const plain = (await ask(trusted)).body as { profile: { traits: Record<string, unknown> } };
    expect(plain.profile.traits).toMatchObject({ email, coupon_code: "ADA10" });
    await flushApiReads();
    const { rows } = await pool().query("SELECT summary FROM audit_logs WHERE workspace_id = $1 AND action = 'pii.viewed' AND target_type = 'api_key'", [ws]);
    expect(rows).toEqual([{ summary: expect.objectContaining({ what: "profile API", reads: 1, profiles: 1 }) }]);

    // A route of the app: the timeline's event properties and context, through the same masks.
    const res = await timelineRoute(new Request(`http://x/api/profiles/${profileId}/events`, { headers: { authorization: `Bearer ${read}` } }), { params: Promise.resolve({ id: profileId }) });
    const body = (await res.json()) as { events: { event: string | null; properties: Record<string, unknown> | null; context: Record<string, unknown> | null }[] };
    const order = body.events.find((e) => e.event === "Order Completed")!;
    expect(order.properties).toEqual({ revenue: 42, name: "Espresso", coupon_code: MASK, shipping_address: MASK });
    expect(order.context?.ip).toBe(MASK);
  });

  it("masks the SQL console's views for masked sessions and only for them", async () => {
    const q = (masked: boolean) =>
      runConsoleQuery({
        workspaceId: ws,
        masked,
        sql: "SELECT p.traits ->> 'email' AS email, p.traits ->> 'first_name' AS first_name, p.traits ->> 'coupon_code' AS coupon, p.traits ->> 'plan' AS plan, (SELECT value FROM identities i WHERE i.kind = 'email' AND i.profile_id = p.id) AS identity, (SELECT context ->> 'ip' FROM events e WHERE e.profile_id = p.id AND e.event = 'Order Completed') AS ip, (SELECT properties ->> 'name' FROM events e WHERE e.profile_id = p.id AND e.event = 'Order Completed') AS product FROM profiles p",
      });
    expect((await q(true)).rows).toEqual([[MASK, "Ada", MASK, "pro", MASK, MASK, "Espresso"]]);
    expect((await q(false)).rows).toEqual([[email, "Ada", "ADA10", "pro", email, "10.1.2.3", "Espresso"]]);
  });
});
