import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "../api-keys";
import { listAuditFacets, listAuditLog } from "../audit";
import { disconnectDb } from "../db";
import { makeWorkspace, userActor } from "../testing/fixtures";
import { changeMemberRole, createInvitation, getWorkspaceSettings, listInvitations, listMembers, removeMember, resolveWorkspaceForUser, revokeInvitation, updateWorkspaceSettings } from ".";

// Two workspaces with data in each; every read path must return only its own workspace's rows,
// and no write path may reach across.
let a: Awaited<ReturnType<typeof makeWorkspace>>;
let b: Awaited<ReturnType<typeof makeWorkspace>>;
let keyA: string;
let keyBId: string;
let invitationBId: string;

beforeAll(async () => {
  a = await makeWorkspace({ name: "Tenant A", members: ["viewer"] });
  b = await makeWorkspace({ name: "Tenant B", members: ["marketer", "analyst"] });
  keyA = (await createApiKey({ workspaceId: a.workspace.id, actor: userActor(a.owner), input: { name: "A key", scope: "read" } })).secret;
  keyBId = (await createApiKey({ workspaceId: b.workspace.id, actor: userActor(b.owner), input: { name: "B key", scope: "admin" } })).key.id;
  await createInvitation({ workspaceId: a.workspace.id, actor: userActor(a.owner), actorRole: "owner", email: "a-invitee@example.com", role: "viewer", baseUrl: "http://x" });
  invitationBId = (await createInvitation({ workspaceId: b.workspace.id, actor: userActor(b.owner), actorRole: "owner", email: "b-invitee@example.com", role: "admin", baseUrl: "http://x" })).invitation.id;
  await updateWorkspaceSettings({ workspaceId: b.workspace.id, actor: userActor(b.owner), input: { name: "Tenant B", timezone: "Europe/Berlin", currency: "EUR", locale: "de-DE", identityTraits: [] } });
});
afterAll(disconnectDb);

describe("workspace isolation: reads", () => {
  it("members", async () => {
    const emailsA = (await listMembers({ workspaceId: a.workspace.id })).map((m) => m.email);
    expect(emailsA).toEqual([a.owner.email, a.members[0]!.user.email]);
    const emailsB = (await listMembers({ workspaceId: b.workspace.id })).map((m) => m.email);
    expect(emailsB).toHaveLength(3);
    expect(emailsB).not.toContain(a.owner.email);
  });

  it("invitations", async () => {
    expect((await listInvitations({ workspaceId: a.workspace.id })).map((i) => i.email)).toEqual(["a-invitee@example.com"]);
    expect((await listInvitations({ workspaceId: b.workspace.id })).map((i) => i.email)).toEqual(["b-invitee@example.com"]);
  });

  it("API keys", async () => {
    expect((await listApiKeys({ workspaceId: a.workspace.id })).map((k) => k.name)).toEqual(["A key"]);
    expect((await listApiKeys({ workspaceId: b.workspace.id })).map((k) => k.name)).toEqual(["B key"]);
  });

  it("an API key authenticates into its own workspace only", async () => {
    const principal = await authenticateApiKey(keyA);
    expect(principal?.workspaceId).toBe(a.workspace.id);
  });

  it("audit log entries and facets", async () => {
    const logA = await listAuditLog({ workspaceId: a.workspace.id, limit: 200 });
    const logB = await listAuditLog({ workspaceId: b.workspace.id, limit: 200 });
    expect(logA.entries.length).toBeGreaterThan(0);
    expect(logA.entries.every((e) => e.actorId === a.owner.id)).toBe(true);
    expect(logB.entries.every((e) => e.actorId === b.owner.id)).toBe(true);
    expect(logA.entries.map((e) => e.action)).not.toContain("workspace.updated");
    expect(logB.entries.map((e) => e.action)).toContain("workspace.updated");
    const facetsA = await listAuditFacets({ workspaceId: a.workspace.id });
    expect(facetsA.actors.map((x) => x.id)).toEqual([a.owner.id]);
  });

  it("workspace settings", async () => {
    expect((await getWorkspaceSettings({ workspaceId: a.workspace.id })).timezone).toBe("UTC");
    expect((await getWorkspaceSettings({ workspaceId: b.workspace.id })).timezone).toBe("Europe/Berlin");
  });

  it("a user asking for a workspace they do not belong to gets their own", async () => {
    const ws = await resolveWorkspaceForUser(a.owner.id, b.workspace.id);
    expect(ws?.workspaceId).toBe(a.workspace.id);
    expect(await resolveWorkspaceForUser(a.members[0]!.user.id, b.workspace.id)).toMatchObject({ workspaceId: a.workspace.id, role: "viewer" });
  });
});

describe("workspace isolation: writes cannot reach across", () => {
  const actor = () => userActor(a.owner);
  it("revoking another workspace's API key is not found", async () => {
    await expect(revokeApiKey({ workspaceId: a.workspace.id, actor: actor(), keyId: keyBId })).rejects.toMatchObject({ code: "not_found" });
    expect((await listApiKeys({ workspaceId: b.workspace.id }))[0]!.revokedAt).toBeNull();
  });
  it("withdrawing another workspace's invitation is not found", async () => {
    await expect(revokeInvitation({ workspaceId: a.workspace.id, actor: actor(), invitationId: invitationBId })).rejects.toMatchObject({ code: "not_found" });
  });
  it("changing or removing another workspace's member is not found", async () => {
    const target = b.members[0]!.user.id;
    await expect(changeMemberRole({ workspaceId: a.workspace.id, actor: actor(), actorRole: "owner", userId: target, role: "viewer" })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember({ workspaceId: a.workspace.id, actor: actor(), actorRole: "owner", userId: target })).rejects.toMatchObject({ code: "not_found" });
    expect((await listMembers({ workspaceId: b.workspace.id })).find((m) => m.userId === target)?.role).toBe("marketer");
  });
});
