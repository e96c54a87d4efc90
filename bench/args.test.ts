import { describe, expect, it } from "vitest";
import { parseArgs } from "./args";

describe("parseArgs", () => {
  it("reads values, inline values, flags and positionals", () => {
    expect(parseArgs(["db-baseline", "extra", "--size", "large", "--seed=7", "--replace"])).toEqual({ _: ["db-baseline", "extra"], size: "large", seed: "7", replace: true });
  });
});
