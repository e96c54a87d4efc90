import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, parseStartupConfig } from "./config";

const valid = {
  DATABASE_URL: "postgresql://u:p@localhost:5432/db",
  NEXTAUTH_SECRET: "x".repeat(40),
  ENCRYPTION_KEY: "ab".repeat(32),
};

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("configuration", () => {
  it("applies defaults that make the default install work", () => {
    const c = parseConfig(valid);
    expect(c).toMatchObject({ PORT: 3000, EMBEDDED_PG_PORT: 54329, DATA_DIR: ".data", SEED_DEMO: true, SESSION_MAX_AGE_HOURS: 12 });
  });
  it("names each wrong variable and says what is expected", () => {
    const p = problems({ ...valid, PORT: "eighty", DATABASE_URL: "mysql://x", ENCRYPTION_KEY: "short", SEED_DEMO: "maybe" });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT is invalid: expected a port number/),
        expect.stringMatching(/^DATABASE_URL is invalid: expected a URL like postgresql:\/\//),
        expect.stringMatching(/^ENCRYPTION_KEY is invalid: expected 64 hexadecimal characters/),
        expect.stringMatching(/^SEED_DEMO is invalid: expected true or false/),
      ]),
    );
  });
  it("says which required variable is missing", () => {
    expect(problems({ NEXTAUTH_SECRET: valid.NEXTAUTH_SECRET, ENCRYPTION_KEY: valid.ENCRYPTION_KEY })).toEqual([expect.stringMatching(/^DATABASE_URL is missing/)]);
  });
  it("lets start-up run without DATABASE_URL and secrets (embedded database, generated secrets)", () => {
    const c = parseStartupConfig({ PORT: "4000" });
    expect(c.PORT).toBe(4000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.NEXTAUTH_SECRET).toBeUndefined();
    expect(() => parseStartupConfig({ PORT: "70000" })).toThrow(/PORT is invalid: expected a port between 1 and 65535/);
  });
  it("treats empty values as unset", () => {
    const c = parseConfig({ ...valid, PORT: "", SMTP_URL: "" });
    expect(c.PORT).toBe(3000);
    expect(c.SMTP_URL).toBeUndefined();
  });
});
