import { describe, expect, it } from "vitest";
import { monthsBetween, partitionName } from "./partitions";

describe("event partitions", () => {
  it("names partitions by UTC month", () => {
    expect(partitionName(new Date(Date.UTC(2026, 0, 1)))).toBe("events_p2026_01");
    expect(partitionName(new Date(Date.UTC(2026, 11, 1)))).toBe("events_p2026_12");
  });
  it("covers every month touched by the range, across a year end", () => {
    const months = monthsBetween(new Date("2026-11-20T10:00:00Z"), new Date("2027-02-01T00:00:00Z")).map(partitionName);
    expect(months).toEqual(["events_p2026_11", "events_p2026_12", "events_p2027_01", "events_p2027_02"]);
  });
  it("gives one month for a range inside it", () => {
    expect(monthsBetween(new Date("2026-05-02T00:00:00Z"), new Date("2026-05-30T00:00:00Z")).map(partitionName)).toEqual(["events_p2026_05"]);
  });
});
