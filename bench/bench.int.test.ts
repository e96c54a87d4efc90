import { describe, expect, it } from "vitest";
import { runScenario } from "./run";
import { SCENARIOS } from "./scenarios";

// Benchmarks are not tests: this only checks that every scenario runs on a small data set and
// reports JSON figures. No timing is asserted.
const gen = { seed: 7, profiles: 300, events: 6_000, endMs: Date.UTC(2026, 10, 1), days: 30 };
// The ingest scenario drives the production build: two clients for two seconds are enough here.
process.env.BENCH_SECONDS = "2";
process.env.BENCH_CLIENTS = "2";
// The segments scenario: a low event rate and a short idle window.
process.env.BENCH_RATE = "200";
process.env.BENCH_IDLE_SECONDS = "1";
// The scale scenario: one and two segment processes, one ingest worker behind NATS.
process.env.BENCH_PROCESSES = "1,2";
process.env.BENCH_INGEST_WORKERS = "1";

describe("benchmark scenarios (smoke)", () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name} runs and reports its figures as JSON`, async () => {
      const result = await runScenario(scenario, { adminUrl: process.env.DATABASE_URL!, size: "smoke", gen, quiet: true });
      const parsed = JSON.parse(JSON.stringify(result));
      expect(parsed).toMatchObject({ scenario: scenario.name, size: "smoke", seed: 7, machine: { cores: expect.any(Number), postgres: expect.stringMatching(/^\d+/) } });
      expect(Object.keys(parsed.figures).length).toBeGreaterThan(2);
      expect(JSON.stringify(parsed.figures)).not.toMatch(/null|NaN/);
    }, 120_000);
  }
  it("the generate scenario loads every generated profile and event", async () => {
    const result = await runScenario(SCENARIOS.find((s) => s.name === "generate")!, { adminUrl: process.env.DATABASE_URL!, size: "smoke", gen, quiet: true });
    const f = result.figures as { profiles: number; events: number; eventsPerSecond: number; reference: { rawCopyRowsPerSecond: number } };
    expect(f.profiles).toBe(300);
    expect(f.events).toBeGreaterThan(3_000);
    expect(f.eventsPerSecond).toBeGreaterThan(0);
    expect(f.reference.rawCopyRowsPerSecond).toBeGreaterThan(0);
  }, 120_000);
});
