import { describe, expect, it } from "vitest";
import { percentiles } from "./reference";

describe("percentiles", () => {
  it("uses the nearest-rank method", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99, min: 1, max: 100 });
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7, min: 7, max: 7 });
  });
});
