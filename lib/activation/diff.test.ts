import { describe, expect, it } from "vitest";
import { decide, type DiffRow } from "./diff";

const row = (over: Partial<DiffRow>): DiffRow => ({ profileId: "1", member: true, live: true, consented: true, identified: true, payload: { email: "a@b.co" }, hash: "h2", oldHash: null, oldPayload: null, ...over });

describe("what a sync sends for one profile", () => {
  it("adds new eligible members and updates changed ones (not in add-only mode)", () => {
    expect(decide(row({}), "mirror")).toBe("add");
    expect(decide(row({ oldHash: "h1" }), "mirror")).toBe("update");
    expect(decide(row({ oldHash: "h1" }), "upsert")).toBe("update");
    expect(decide(row({ oldHash: "h1" }), "add_only")).toBeNull();
    expect(decide(row({ oldHash: "h2" }), "mirror")).toBeNull();
  });

  it("removes members who left only when mirroring", () => {
    expect(decide(row({ member: false, oldHash: "h1" }), "mirror")).toBe("remove");
    expect(decide(row({ member: false, oldHash: "h1" }), "upsert")).toBeNull();
    expect(decide(row({ member: false, oldHash: "h1" }), "add_only")).toBeNull();
    expect(decide(row({ member: false }), "mirror")).toBeNull();
  });

  it("removes in every mode when consent is withdrawn or the profile is gone", () => {
    for (const mode of ["mirror", "upsert", "add_only"] as const) {
      expect(decide(row({ consented: false, oldHash: "h1" }), mode)).toBe("remove");
      expect(decide(row({ live: false, oldHash: "h1" }), mode)).toBe("remove");
      expect(decide(row({ consented: false }), mode)).toBeNull();
    }
  });

  it("never sends a member without an identifier the destination matches on", () => {
    expect(decide(row({ identified: false }), "mirror")).toBeNull();
    expect(decide(row({ identified: false, oldHash: "h1" }), "upsert")).toBe("remove");
  });
});
