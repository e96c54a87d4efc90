import { describe, expect, it } from "vitest";
import { assignedPartitions, partitionOf } from "./partition";

describe("partitionOf", () => {
  it("gives the FNV-1a hash modulo the count, the same every time", () => {
    // FNV-1a 32-bit of "a" is 0xe40c292c (3826002220).
    expect(partitionOf("a", 1_000_000)).toBe(3826002220 % 1_000_000);
    expect(partitionOf("anon-42", 16)).toBe(partitionOf("anon-42", 16));
  });

  it("spreads many keys over every partition, none with more than twice its share", () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[partitionOf(`user-${i}`, 16)]++;
    expect(Math.min(...counts)).toBeGreaterThan(500);
    expect(Math.max(...counts)).toBeLessThan(2000);
  });

  it("hashes UTF-8 bytes, not UTF-16 units", () => {
    // "é" is two bytes in UTF-8 (c3 a9), hashed here step by step.
    let h = 0x811c9dc5;
    for (const b of [0xc3, 0xa9]) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    expect(partitionOf("é", 2 ** 31)).toBe(h % 2 ** 31);
  });
});

describe("assignedPartitions", () => {
  it("gives a lone member every partition", () => {
    expect(assignedPartitions("m1", ["m1"], 4)).toEqual([0, 1, 2, 3]);
  });

  it("splits partitions between members by sorted name, each partition once", () => {
    const members = ["b", "a", "c"];
    const all = members.flatMap((m) => assignedPartitions(m, members, 8));
    expect(all.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(assignedPartitions("a", members, 8)).toEqual([0, 3, 6]);
    expect(assignedPartitions("c", members, 8)).toEqual([2, 5]);
  });

  it("gives nothing to a member that is not listed, or beyond the partition count", () => {
    expect(assignedPartitions("x", ["a"], 4)).toEqual([]);
    expect(assignedPartitions("c", ["a", "b", "c"], 2)).toEqual([]);
  });
});
