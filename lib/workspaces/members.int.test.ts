import { afterAll, describe, expect, it } from "vitest";
import { listAuditLog } from "../audit";
import { db, disconnectDb } from "../db";
import { makeUser, makeWorkspace, uniq, userActor } from "../testing/fixtures";
import { acceptInvitation, changeMemberRole, createInvitation, getInvitationByToken, listMembers, removeMember } from ".";

afterAll(disconnectDb);

const tokenOf = (link: string) => link.split("/invite/")[1]!;

describe("the last Owner", () => {
  it("cannot be removed or demoted; with a second Owner both work", async () => {
    const { workspace, owner, members } = await makeWorkspace({ members: ["admin"] });
    const admin = members[0]!.user;
    await expect(removeMember({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", userId: owner.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last Owner") });
    await expect(changeMemberRole({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", userId: owner.id, role: "admin" })).rejects.toMatchObject({ code: "conflict" });

    await changeMemberRole({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", userId: admin.id, role: "owner" });
    await changeMemberRole({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", userId: owner.id, role: "viewer" });
    const roles = Object.fromEntries((await listMembers({ workspaceId: workspace.id })).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner.id]: "viewer", [admin.id]: "owner" });
  });

  it("survives two concurrent demotions of the only two Owners", async () => {
    const { workspace, owner, members } = await makeWorkspace({ members: ["owner"] });
    const other = members[0]!.user;
    const results = await Promise.allSettled([
      changeMemberRole({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", userId: owner.id, role: "admin" }),
      changeMemberRole({ workspaceId: workspace.id, actor: userActor(other), actorRole: "owner", userId: other.id, role: "admin" }),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    const owners = (await listMembers({ workspaceId: workspace.id })).filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
  });
});

describe("role changes", () => {
  it("an Admin cannot grant the Owner role nor change an Owner", async () => {
    const { workspace, owner, members } = await makeWorkspace({ members: ["admin", "viewer"] });
    const admin = members[0]!.user;
    const viewer = members[1]!.user;
    await expect(changeMemberRole({ workspaceId: workspace.id, actor: userActor(admin), actorRole: "admin", userId: viewer.id, role: "owner" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole({ workspaceId: workspace.id, actor: userActor(admin), actorRole: "admin", userId: owner.id, role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember({ workspaceId: workspace.id, actor: userActor(admin), actorRole: "admin", userId: owner.id })).rejects.toMatchObject({ code: "forbidden" });
    await changeMemberRole({ workspaceId: workspace.id, actor: userActor(admin), actorRole: "admin", userId: viewer.id, role: "analyst" });
    const log = await listAuditLog({ workspaceId: workspace.id, action: "member.role_changed", limit: 10 });
    expect(log.entries[0]).toMatchObject({ actorId: admin.id, targetId: viewer.id, summary: { from: "Viewer", to: "Analyst", email: viewer.email } });
  });
});

describe("invitations", () => {
  it("creates an account for a new person and adds them with the invited role, once", async () => {
    const { workspace, owner } = await makeWorkspace();
    const email = `${uniq("invitee")}@example.com`;
    const { link, mailed } = await createInvitation({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", email, role: "viewer", baseUrl: "https://app.example.com/" });
    expect(link).toMatch(/^https:\/\/app\.example\.com\/invite\/inv_[A-Za-z0-9_-]{20,}$/);
    expect(mailed).toBe(false);
    expect(await getInvitationByToken(tokenOf(link))).toMatchObject({ status: "valid", email, role: "viewer", accountExists: false });

    const joined = await acceptInvitation({ token: tokenOf(link), newAccount: { name: "New Person", password: "a long enough password" } });
    expect(joined.workspaceId).toBe(workspace.id);
    expect((await listMembers({ workspaceId: workspace.id })).find((m) => m.email === email)?.role).toBe("viewer");
    await expect(acceptInvitation({ token: tokenOf(link), newAccount: { name: "Again", password: "a long enough password" } })).rejects.toMatchObject({ code: "gone" });
    expect((await getInvitationByToken(tokenOf(link)))?.status).toBe("used");
    const actions = (await listAuditLog({ workspaceId: workspace.id, limit: 50 })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invited", "invitation.accepted"]));
  });

  it("refuses expired links, the wrong signed-in account, and inviting an existing member", async () => {
    const { workspace, owner } = await makeWorkspace();
    const existing = await makeUser();
    const stranger = await makeUser();
    const { link } = await createInvitation({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", email: existing.email, role: "marketer", baseUrl: "http://x" });
    const later = new Date(Date.now() + 8 * 86_400_000);
    await expect(acceptInvitation({ token: tokenOf(link), signedInUserId: existing.id, now: later })).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("expired") });
    await expect(acceptInvitation({ token: tokenOf(link), signedInUserId: stranger.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(acceptInvitation({ token: tokenOf(link), newAccount: { name: "Impostor", password: "a long enough password" } })).rejects.toMatchObject({ code: "conflict" });
    // The failed attempts rolled back: the real person can still accept.
    await acceptInvitation({ token: tokenOf(link), signedInUserId: existing.id });
    await expect(
      createInvitation({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", email: existing.email, role: "viewer", baseUrl: "http://x" }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("a new invitation for the same email replaces the old link; an Admin cannot invite an Owner", async () => {
    const { workspace, owner, members } = await makeWorkspace({ members: ["admin"] });
    const email = `${uniq("twice")}@example.com`;
    const first = await createInvitation({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", email, role: "viewer", baseUrl: "http://x" });
    await createInvitation({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", email, role: "analyst", baseUrl: "http://x" });
    expect((await getInvitationByToken(tokenOf(first.link)))?.status).toBe("revoked");
    expect(await db().invitation.count({ where: { workspaceId: workspace.id, email, revokedAt: null } })).toBe(1);
    await expect(
      createInvitation({ workspaceId: workspace.id, actor: userActor(members[0]!.user), actorRole: "admin", email: "x@example.com", role: "owner", baseUrl: "http://x" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
