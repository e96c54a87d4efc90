import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./encryption";

const key = randomBytes(32).toString("hex");

describe("stored credential encryption", () => {
  it("round-trips text, including non-ASCII", () => {
    const sealed = encryptSecret("pässwörd 🔑", key);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("pässwörd");
    expect(decryptSecret(sealed, key)).toBe("pässwörd 🔑");
  });
  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });
  it("refuses a tampered value and a wrong key", () => {
    const sealed = encryptSecret("secret", key);
    const parts = sealed.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("other").toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, key)).toThrow();
    expect(() => decryptSecret(sealed, randomBytes(32).toString("hex"))).toThrow();
  });
  it("rejects a key of the wrong length with a clear message", () => {
    expect(() => encryptSecret("x", "abcd")).toThrow(/64 hexadecimal/);
  });
});
