import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../db";
import { makeWorkspace, userActor } from "../testing/fixtures";
import { startSmtp } from "../testing/smtp";
import { createInvitation } from "../workspaces";

// A real SMTP server on loopback receives what the app sends.
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const received = () => smtp.received;

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  process.env.MAIL_FROM = "Northstar <northstar@example.com>";
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
  await disconnectDb();
});

describe("invitation email", () => {
  it("is sent over SMTP with the link when SMTP is configured", async () => {
    const { workspace, owner } = await makeWorkspace({ name: "Mail Test Shop" });
    const result = await createInvitation({ workspaceId: workspace.id, actor: userActor(owner), actorRole: "owner", email: "new.colleague@example.com", role: "analyst", baseUrl: "http://localhost:3000" });
    expect(result.mailed).toBe(true);
    expect(received()).toHaveLength(1);
    const mail = received()[0]!;
    expect(mail.from).toBe("northstar@example.com");
    expect(mail.to).toEqual(["new.colleague@example.com"]);
    expect(mail.raw).toContain("Subject: You're invited to Mail Test Shop on Northstar");
    const body = mail.raw.replace(/=\r?\n/g, "");
    expect(body).toContain(result.link);
    expect(body).toContain("as Analyst");
  });
});
