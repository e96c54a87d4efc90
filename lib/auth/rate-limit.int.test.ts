import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../db";
import { FIXTURE_PASSWORD, makeUser, uniq } from "../testing/fixtures";
import { LOGIN_LIMITS } from "./rate-limit";
import { authenticate } from "./users";

afterAll(disconnectDb);

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one with one message for both unknown and wrong", async () => {
    const user = await makeUser();
    const ip = uniq("ip");
    await expect(authenticate({ email: user.email.toUpperCase(), password: FIXTURE_PASSWORD, ip })).resolves.toMatchObject({ id: user.id });
    await expect(authenticate({ email: user.email, password: "wrong", ip })).rejects.toMatchObject({ code: "unauthorized", message: "Email or password is incorrect." });
    await expect(authenticate({ email: "nobody@example.com", password: "wrong", ip })).rejects.toMatchObject({ code: "unauthorized", message: "Email or password is incorrect." });
  });

  it(`locks an account after ${LOGIN_LIMITS.perAccount} failures, even with the right password, and says when to retry`, async () => {
    const user = await makeUser();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      await expect(authenticate({ email: user.email, password: "wrong", ip: uniq("ip") })).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(authenticate({ email: user.email, password: FIXTURE_PASSWORD, ip: uniq("ip") })).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/Too many failed sign-in attempts for this account\. Try again in \d+ minutes?\./),
    });
  });

  it("a success clears the account's earlier failures", async () => {
    const user = await makeUser();
    const ip = uniq("ip");
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await authenticate({ email: user.email, password: "wrong", ip }).catch(() => undefined);
    await authenticate({ email: user.email, password: FIXTURE_PASSWORD, ip });
    await authenticate({ email: user.email, password: "wrong", ip }).catch(() => undefined);
    await expect(authenticate({ email: user.email, password: FIXTURE_PASSWORD, ip })).resolves.toMatchObject({ id: user.id });
  });

  it(`limits one address to ${LOGIN_LIMITS.perIp} failures across accounts`, async () => {
    const ip = uniq("ip");
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) await authenticate({ email: `${uniq("guess")}@example.com`, password: "wrong", ip }).catch(() => undefined);
    const user = await makeUser();
    await expect(authenticate({ email: user.email, password: FIXTURE_PASSWORD, ip })).rejects.toMatchObject({ code: "rate_limited", message: expect.stringContaining("from your network") });
    await expect(authenticate({ email: user.email, password: FIXTURE_PASSWORD, ip: uniq("ip") })).resolves.toMatchObject({ id: user.id });
  });
});
