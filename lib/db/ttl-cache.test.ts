import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("loads once within the time to live, again after it or after delete", async () => {
    const cache = new TtlCache<number>(1000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("k", load, 0)).toBe(1);
    expect(await cache.get("k", load, 999)).toBe(1);
    expect(await cache.get("k", load, 1000)).toBe(2);
    cache.delete("k");
    expect(await cache.get("k", load, 1001)).toBe(3);
  });
});
