import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditLog } from "../audit";
import { db, disconnectDb } from "../db";
import { listMembers } from "../workspaces";
import { isInstallEmpty, signUpFirstOwner } from "./users";

// Sign-up is only open on an empty install, so this file starts from one.
beforeAll(async () => {
  await db().$executeRawUnsafe("TRUNCATE users, workspaces, login_attempts CASCADE");
});
afterAll(disconnectDb);

describe("first owner sign-up", () => {
  it("creates the owner and their workspace, then closes", async () => {
    expect(await isInstallEmpty()).toBe(true);
    const input = { name: "Ada", email: "ada@example.com", password: "a long enough password", workspaceName: "Ada's Shop" };
    const [first, second] = await Promise.allSettled([signUpFirstOwner(input), signUpFirstOwner({ ...input, email: "eve@example.com" })]);
    const results = [first, second];
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["forbidden"]);
    expect(await isInstallEmpty()).toBe(false);
    const { workspaceId } = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ workspaceId: string }>).value;
    expect((await listMembers({ workspaceId })).map((m) => m.role)).toEqual(["owner"]);
    expect((await listAuditLog({ workspaceId, limit: 10 })).entries.map((e) => e.action)).toEqual(["workspace.created"]);
    await expect(signUpFirstOwner({ ...input, email: "mallory@example.com" })).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("invite") });
  });
});
