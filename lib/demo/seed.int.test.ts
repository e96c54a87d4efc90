import { afterAll, describe, expect, it } from "vitest";
import { authenticate } from "../auth";
import { db, disconnectDb } from "../db";
import { listMembers } from "../workspaces";
import { DEMO_OWNER_EMAIL, seedDemoWorkspace } from "./seed";

afterAll(disconnectDb);

describe("demo seed", () => {
  it("creates the demo workspace and owner once; a second run changes nothing", async () => {
    const first = await seedDemoWorkspace({ password: "demo password 123" });
    expect(first.created).toBe(true);
    const counts = async () => ({ users: await db().user.count(), workspaces: await db().workspace.count(), audit: await db().auditLog.count() });
    const before = await counts();
    const second = await seedDemoWorkspace({ password: "another password" });
    expect(second).toEqual({ created: false, email: DEMO_OWNER_EMAIL, workspaceId: first.workspaceId });
    expect(await counts()).toEqual(before);
    expect((await listMembers({ workspaceId: first.workspaceId })).map((m) => [m.email, m.role])).toEqual([[DEMO_OWNER_EMAIL, "owner"]]);
    await expect(authenticate({ email: DEMO_OWNER_EMAIL, password: "demo password 123", ip: "seed-test" })).resolves.toMatchObject({ email: DEMO_OWNER_EMAIL });
  });
});
