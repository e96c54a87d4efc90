import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizeEmailForGoogle, normalizePhoneForGoogle, normalizePhoneForMeta, sha256, subscriberHash } from "./normalize";

describe("identifier normalisation", () => {
  it("lower-cases and trims emails and refuses what is not one", () => {
    expect(normalizeEmail("  Jane.Doe@Example.COM ")).toBe("jane.doe@example.com");
    expect(normalizeEmail("not an email")).toBeNull();
    expect(normalizeEmail(42)).toBeNull();
  });

  it("drops dots of gmail local parts for Google only", () => {
    expect(normalizeEmailForGoogle("Jane.Doe@gmail.com")).toBe("janedoe@gmail.com");
    expect(normalizeEmailForGoogle("jane.doe@googlemail.com")).toBe("janedoe@googlemail.com");
    expect(normalizeEmailForGoogle("jane.doe@example.com")).toBe("jane.doe@example.com");
  });

  it("writes phones with their country code", () => {
    expect(normalizePhoneForMeta("+1 (650) 253-1234")).toBe("16502531234");
    expect(normalizePhoneForMeta("650-253-1234")).toBe("16502531234");
    expect(normalizePhoneForMeta("0044 20 7946 0958")).toBe("442079460958");
    expect(normalizePhoneForMeta("020 7946 0958", "44")).toBe("442079460958");
    expect(normalizePhoneForGoogle("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalizePhoneForMeta("12")).toBeNull();
  });

  it("hashes as the platforms' own examples do", () => {
    // SHA-256 of "test@example.com" and Mailchimp's subscriber hash (MD5 of the lower-cased address).
    expect(sha256("test@example.com")).toBe("973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b");
    expect(subscriberHash("Test@Example.com")).toBe("55502f40dc8b7c769880b10874abc9d0");
  });
});
