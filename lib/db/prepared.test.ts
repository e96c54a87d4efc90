import { describe, expect, it } from "vitest";
import { MAX_PREPARED_PER_CONNECTION, reusable } from "./prepared";

describe("reusable statements", () => {
  it("names a statement by its text, the same on every call and per connection", () => {
    const a = {};
    const first = reusable(a, "SELECT $1::int", [1]);
    expect(first.name).toMatch(/^ns_[0-9a-f]{20}$/);
    expect(reusable(a, "SELECT $1::int", [2])).toEqual({ name: first.name, text: "SELECT $1::int", values: [2] });
    expect(reusable({}, "SELECT $1::int", [3]).name).toBe(first.name);
    expect(reusable(a, "SELECT $1::bigint", [1]).name).not.toBe(first.name);
  });

  it("keeps at most a bounded number prepared per connection, then sends new texts unnamed", () => {
    const c = {};
    for (let i = 0; i < MAX_PREPARED_PER_CONNECTION; i++) expect(reusable(c, `SELECT ${i}`, []).name).toBeDefined();
    expect(reusable(c, "SELECT 'one more'", []).name).toBeUndefined();
    // Those already prepared keep their names.
    expect(reusable(c, "SELECT 0", []).name).toBeDefined();
  });
});
