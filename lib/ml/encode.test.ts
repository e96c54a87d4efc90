import { describe, expect, it } from "vitest";
import { buildEncoder, columnNames, encodeColumns, encodeRows, toNumber } from "./encode";

describe("feature encoding", () => {
  const rows = [
    { tenure: 1, charges: "29.85", contract: "Month-to-month", partner: true, total: " " },
    { tenure: 34, charges: "56.95", contract: "One year", partner: false, total: "1889.5" },
    { tenure: 2, charges: "53.85", contract: "Month-to-month", partner: true, total: "108.15" },
    { tenure: 45, charges: "42.30", contract: "Two year", partner: false, total: "1840.75" },
    { tenure: 8, charges: "99.65", contract: "Two year", partner: null, total: "820.5" },
    { tenure: 22, charges: "89.10", contract: "One year", partner: true, total: "1949.4" },
  ];
  it("reads numbers in text, booleans as 0/1, and blanks as missing", () => {
    expect([toNumber("29.85"), toNumber(" 3 "), toNumber("yes"), toNumber(false), toNumber(" "), toNumber("DSL"), toNumber(null)]).toEqual([29.85, 3, 1, 0, NaN, NaN, NaN]);
  });
  it("numbers stay numbers (standardised for the linear model), categories become one column per frequent value", () => {
    const spec = buildEncoder(rows, ["tenure", "charges", "contract", "partner", "total"]);
    expect(spec.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(["tenure:number", "charges:number", "contract:category", "partner:category", "total:number"]);
    expect(columnNames(spec, false).names).toEqual(["tenure", "charges", "contract = Month-to-month", "contract = One year", "contract = Two year", "partner = true", "total"]);
    const cols = encodeColumns(spec, rows);
    expect(Array.from(cols[2]!)).toEqual([1, 0, 1, 0, 0, 0]);
    expect(cols[5]![4]).toBeNaN(); // partner unknown
    expect(cols[6]![0]).toBeNaN(); // blank total
    const { X, p } = encodeRows(spec, rows);
    expect(p).toBe(8); // + "total is missing"
    const tenure = Array.from({ length: 6 }, (_, i) => X[i * p]!);
    expect(tenure.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 10);
    expect([X[0 * p + 6], X[0 * p + 7]]).toEqual([0, 1]);
  });
});
