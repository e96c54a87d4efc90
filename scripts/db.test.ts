import { describe, expect, it } from "vitest";
import { memorySettings, parallelSettings } from "./db";

const GB = 1024 ** 3;

describe("memorySettings", () => {
  it("gives the buffer cache a quarter of the machine and tells the planner about the rest", () => {
    expect(memorySettings(24 * GB)).toEqual(["-c", "shared_buffers=6144MB", "-c", "effective_cache_size=18432MB"]);
  });

  it("keeps the cache between 128 MB and 8 GB", () => {
    expect(memorySettings(256 * 1024 ** 2)).toEqual(["-c", "shared_buffers=128MB", "-c", "effective_cache_size=192MB"]);
    expect(memorySettings(128 * GB)[1]).toBe("shared_buffers=8192MB");
  });
});

describe("parallelSettings", () => {
  it("turns parallel workers off on two cores and leaves PostgreSQL's default above", () => {
    expect(parallelSettings(2)).toEqual(["-c", "max_parallel_workers_per_gather=0"]);
    expect(parallelSettings(1)).toEqual(["-c", "max_parallel_workers_per_gather=0"]);
    expect(parallelSettings(8)).toEqual([]);
  });
});
